"""DeviceLoader: batches, normalisation, seeded shuffling, augmentation, sharding, splits.

Most tests use SYNTHETIC random uint8 images whose labels are their indices, so every
yielded sample can be traced back to the image it came from.
"""

import pytest
import torch

from sgdcourse.data import CIFAR10_MEAN, CIFAR10_STD, DeviceLoader, channel_mean_std, scale_to_unit, train_val_split


def synthetic_images(n: int, size: int = 8, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """SYNTHETIC uint8 images (n, 3, size, size); labels are the indices 0..n-1."""
    images = torch.randint(0, 256, (n, 3, size, size), dtype=torch.uint8, generator=torch.Generator().manual_seed(seed))
    return images, torch.arange(n)


def normalised(images: torch.Tensor) -> torch.Tensor:
    mean = torch.tensor(CIFAR10_MEAN).reshape(3, 1, 1)
    std = torch.tensor(CIFAR10_STD).reshape(3, 1, 1)
    return (images.float() / 255 - mean) / std


def epoch(loader: DeviceLoader) -> list[tuple[torch.Tensor, torch.Tensor]]:
    return list(loader)


# --- batching and order ---------------------------------------------------------------------


@pytest.mark.parametrize(("drop_last", "expected_sizes"), [(False, [128] * 7 + [104]), (True, [128] * 7)])
def test_len_and_batch_sizes(drop_last, expected_sizes):
    images, labels = synthetic_images(1000)
    loader = DeviceLoader(images, labels, batch_size=128, drop_last=drop_last, device="cpu")
    assert len(loader) == len(expected_sizes)
    assert [len(y) for _, y in loader] == expected_sizes


def test_an_epoch_visits_every_sample_once_normalised_with_its_label():
    images, labels = synthetic_images(300)
    x, y = map(torch.cat, zip(*DeviceLoader(images, labels, batch_size=64, device="cpu")))
    assert sorted(y.tolist()) == list(range(300))
    assert y.tolist() != list(range(300))  # shuffled
    torch.testing.assert_close(x, normalised(images[y]), rtol=0, atol=1e-6)


def test_unit_scaling_and_no_shuffle_give_the_stored_order_in_zero_one():
    images, labels = synthetic_images(100)
    loader = DeviceLoader(images, labels, batch_size=30, shuffle=False, mean=0.0, std=1.0, device="cpu")
    x, y = map(torch.cat, zip(*loader))
    assert y.tolist() == list(range(100))
    torch.testing.assert_close(x, images.float() / 255, rtol=0, atol=1e-7)


def test_order_is_reproducible_from_the_seed_and_new_each_epoch():
    images, labels = synthetic_images(200)

    def orders(seed, epochs=3):
        loader = DeviceLoader(images, labels, batch_size=50, seed=seed, device="cpu")
        return [torch.cat([y for _, y in loader]).tolist() for _ in range(epochs)]

    first, again, other_seed = orders(0), orders(0), orders(1)
    assert first == again
    assert first[0] != first[1] != first[2]
    assert other_seed[0] != first[0]
    resumed = DeviceLoader(images, labels, batch_size=50, seed=0, device="cpu")
    resumed.set_epoch(2)
    assert torch.cat([y for _, y in resumed]).tolist() == first[2]


# --- output formats -----------------------------------------------------------------------


def test_flatten_gives_feature_vectors_in_chw_order():
    images, labels = synthetic_images(40, size=32)
    for x, y in DeviceLoader(images, labels, batch_size=16, flatten=True, device="cpu"):
        assert x.shape == (len(y), 3072)
        torch.testing.assert_close(x, normalised(images[y]).reshape(len(y), -1), rtol=0, atol=1e-6)


@pytest.mark.parametrize(("dtype", "atol"), [(torch.float16, 4e-3), (torch.bfloat16, 3e-2)])
def test_half_precision_storage_rounds_the_normalised_values_once(dtype, atol):
    images, labels = synthetic_images(50)
    for x, y in DeviceLoader(images, labels, batch_size=20, dtype=dtype, device="cpu"):
        assert x.dtype == dtype
        # |x| <= 2.1, so one rounding of a float16 / bfloat16 is at most 2^-9 / 2^-6 away.
        torch.testing.assert_close(x.float(), normalised(images[y]), rtol=0, atol=atol)


def test_channels_last_batches_have_that_memory_format_and_the_same_values():
    images, labels = synthetic_images(50)
    for x, y in DeviceLoader(images, labels, batch_size=20, channels_last=True, device="cpu"):
        assert x.is_contiguous(memory_format=torch.channels_last)
        torch.testing.assert_close(x, normalised(images[y]), rtol=0, atol=1e-6)


# --- augmentation ----------------------------------------------------------------------------


def test_flip_mirrors_about_half_the_images_and_leaves_the_rest():
    images, labels = synthetic_images(400)
    x, y = map(torch.cat, zip(*DeviceLoader(images, labels, batch_size=100, flip=True, device="cpu")))
    original = normalised(images[y])
    unchanged = (x - original).abs().amax(dim=(1, 2, 3)) < 1e-6
    mirrored = (x - original.flip(3)).abs().amax(dim=(1, 2, 3)) < 1e-6
    assert bool((unchanged ^ mirrored).all())  # each image is exactly one of the two
    assert 150 < int(mirrored.sum()) < 250  # Binomial(400, 1/2): mean 200, std 10


def test_translate_yields_crops_of_the_reflect_padded_image_at_every_shift():
    size, shift = 8, 2
    images, labels = synthetic_images(300, size=size)
    loader = DeviceLoader(images, labels, batch_size=64, translate=shift, device="cpu")
    padded = torch.nn.functional.pad(normalised(images), (shift,) * 4, mode="reflect")
    shifts_seen = set()
    for x, y in loader:
        for crop, index in zip(x, y.tolist()):
            matches = [
                (dy, dx)
                for dy in range(2 * shift + 1)
                for dx in range(2 * shift + 1)
                if torch.allclose(crop, padded[index, :, dy : dy + size, dx : dx + size], atol=1e-6)
            ]
            assert len(matches) == 1, f"image {index} is not exactly one crop of its padded version"
            shifts_seen.add(matches[0])
    assert len(shifts_seen) == (2 * shift + 1) ** 2  # 300 draws from 25 shifts: all appear


def test_augmentation_is_reproducible_from_the_seed_and_new_each_epoch():
    images, labels = synthetic_images(64)

    def augmented(seed):
        loader = DeviceLoader(images, labels, batch_size=64, shuffle=False, flip=True, translate=2, seed=seed, device="cpu")
        return [next(iter(loader))[0] for _ in range(2)]

    first, again = augmented(0), augmented(0)
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[0], first[1])


# --- sharding -----------------------------------------------------------------------------------


def test_ranks_take_interleaved_batches_of_one_shared_order_covering_the_epoch():
    images, labels = synthetic_images(1000)
    world_size, batch_size = 3, 32
    single = [y.tolist() for _, y in DeviceLoader(images, labels, batch_size=batch_size, seed=5, device="cpu")]
    shards = [
        DeviceLoader(images, labels, batch_size=batch_size, seed=5, rank=rank, world_size=world_size, device="cpu")
        for rank in range(world_size)
    ]
    for rank, shard in enumerate(shards):
        batches = [y.tolist() for _, y in shard]
        assert len(batches) == len(shard)
        assert batches == single[rank::world_size]
    seen = [i for shard in shards for _, y in shard for i in y.tolist()]  # each shard's second epoch
    assert len(seen) == len(set(seen)) == 1000


def test_drop_last_with_shards_gives_every_rank_the_same_number_of_full_batches():
    images, labels = synthetic_images(1000)
    shards = [
        DeviceLoader(images, labels, batch_size=32, drop_last=True, rank=rank, world_size=3, device="cpu")
        for rank in range(3)
    ]
    sizes = [[len(y) for _, y in shard] for shard in shards]
    assert sizes == [[32] * 10] * 3  # 1000 // 96 = 10 full steps
    seen = [i for shard in shards for _, y in shard for i in y.tolist()]
    assert len(set(seen)) == 960


# --- splits and statistics ---------------------------------------------------------------------


def test_train_val_split_is_disjoint_complete_and_seeded():
    images, labels = synthetic_images(500)
    (train_x, train_y), (val_x, val_y) = train_val_split(images, labels, n_val=100, seed=3)
    assert len(train_y) == 400 and len(val_y) == 100
    assert sorted(train_y.tolist() + val_y.tolist()) == list(range(500))
    assert torch.equal(train_x, images[train_y]) and torch.equal(val_x, images[val_y])
    assert torch.equal(train_val_split(images, labels, n_val=100, seed=3)[1][1], val_y)
    assert not torch.equal(train_val_split(images, labels, n_val=100, seed=4)[1][1], val_y)


def test_real_lecture_split_is_40000_10000_with_every_class_represented(cifar10):
    (train_x, train_y), (val_x, val_y) = train_val_split(cifar10.train_images, cifar10.train_labels)
    assert len(train_x) == len(train_y) == 40_000 and len(val_x) == len(val_y) == 10_000
    # A random 10,000 of 50,000 balanced labels: each class ~Hypergeometric, mean 1000, std ~27.
    assert all(850 < count < 1150 for count in torch.bincount(val_y).tolist())


def test_cifar10_constants_are_the_real_training_statistics(cifar10):
    mean, std = channel_mean_std(cifar10.train_images)
    torch.testing.assert_close(mean, torch.tensor(CIFAR10_MEAN, dtype=torch.float64), rtol=0, atol=1e-4)
    torch.testing.assert_close(std, torch.tensor(CIFAR10_STD, dtype=torch.float64), rtol=0, atol=1e-4)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"images": torch.zeros(4, 3, 8, 8)}, "images must be uint8"),
        ({"labels": torch.arange(5)}, r"labels must have shape \(4,\)"),
        ({"batch_size": 0}, "batch_size must be at least 1"),
        ({"dtype": torch.int32}, "dtype must be a floating dtype"),
        ({"flatten": True, "channels_last": True}, "pick one"),
        ({"translate": 8}, "translate must be between 0 and 7"),
        ({"rank": 2, "world_size": 2}, "0 <= rank < world_size"),
        ({"mean": (0.5, 0.5)}, "mean and std need 1 or 3 values"),
    ],
)
def test_bad_arguments_say_what_to_change(change, message):
    arguments = {"images": torch.zeros(4, 3, 8, 8, dtype=torch.uint8), "labels": torch.arange(4), "device": "cpu"}
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        DeviceLoader(arguments.pop("images"), arguments.pop("labels"), **arguments)


def test_scale_to_unit_is_the_loaders_plain_scaling():
    images = torch.randint(0, 256, (6, 3, 4, 4), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    x = scale_to_unit(images, flatten=True)
    assert x.dtype == torch.float32 and x.shape == (6, 48)
    assert torch.equal(x, images.flatten(1).float() / 255)
    loader = DeviceLoader(images, torch.zeros(6, dtype=torch.int64), batch_size=6, shuffle=False,
                          mean=0.0, std=1.0, flatten=True, device="cpu")
    assert torch.equal(next(iter(loader))[0], x)
    assert scale_to_unit(images).shape == images.shape
