import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.metrics import confusion_matrix

from utils import plotting

IMAGES = np.random.default_rng(0).integers(0, 256, size=(12, 28, 28), dtype=np.uint8)
LABELS = np.arange(12) % 10
HISTORY = {
    "loss": [1.0, 0.5, 0.3],
    "accuracy": [0.7, 0.8, 0.9],
    "val_loss": [1.1, 0.6, 0.4],
    "val_accuracy": [0.6, 0.75, 0.85],
}


def titles(fig):
    return [ax.get_title() for ax in fig.axes if ax.get_title()]


def test_plot_digits_titles_and_marks_mistakes():
    predictions = LABELS.copy()
    predictions[3] = 8
    fig = plotting.plot_digits(IMAGES, LABELS, predictions, ncols=6)
    assert isinstance(fig, Figure)
    assert sum(1 for ax in fig.axes if ax.images) == 12
    mistakes = [ax for ax in fig.axes if ax.get_title() == "3→8"]
    assert len(mistakes) == 1 and mistakes[0].title.get_color() == plotting.MISTAKE_COLOR
    assert titles(fig).count("0") == 2


def test_plot_digits_accepts_flat_images_and_limits_count():
    fig = plotting.plot_digits(IMAGES.reshape(12, 784), max_images=5)
    assert sum(1 for ax in fig.axes if ax.images) == 5


def test_plot_digits_rejects_bad_input():
    with pytest.raises(ValueError, match="28×28"):
        plotting.plot_digits(np.zeros((3, 27, 27)))
    with pytest.raises(ValueError, match="12 images but 5 labels"):
        plotting.plot_digits(IMAGES, LABELS[:5])
    with pytest.raises(ValueError, match="need the true labels"):
        plotting.plot_digits(IMAGES, predictions=LABELS)


def test_figures_are_detached_from_pyplot():
    before = set(plt.get_fignums())
    plotting.plot_digits(IMAGES[:2], LABELS[:2])
    assert set(plt.get_fignums()) == before


def test_plot_history_draws_training_and_validation():
    fig = plotting.plot_history(HISTORY)
    assert titles(fig) == ["loss", "accuracy"]
    loss_axis = fig.axes[0]
    assert [list(line.get_ydata()) for line in loss_axis.lines] == [
        [1.0, 0.5, 0.3],
        [1.1, 0.6, 0.4],
    ]


def test_plot_history_accepts_keras_history_objects():
    class FakeHistory:
        history = {"loss": [1.0, 0.5]}

    fig = plotting.plot_history(FakeHistory())
    assert titles(fig) == ["loss"] and len(fig.axes[0].lines) == 1


def test_plot_history_rejects_other_objects():
    with pytest.raises(ValueError, match="keras History"):
        plotting.plot_history([0.1, 0.2])


def test_compare_histories_one_colour_per_run():
    other = {k: [v * 0.9 for v in values] for k, values in HISTORY.items()}
    fig = plotting.compare_histories({"SGD": HISTORY, "Adam": other})
    accuracy_axis = fig.axes[1]
    assert len(accuracy_axis.lines) == 4  # training + validation per run
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["SGD", "Adam"]


def test_compare_histories_keeps_many_runs_readable():
    runs = {
        f"run {i}": {k: [v * (1 - i / 20) for v in vals] for k, vals in HISTORY.items()}
        for i in range(7)
    }
    fig = plotting.compare_histories(runs, training=False)
    assert all(len(ax.lines) == 7 for ax in fig.axes)  # validation curves only
    assert all(ax.get_legend() is None for ax in fig.axes)  # no legend over the curves...
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(runs)  # ...but below


def test_compare_histories_rejects_missing_metric_and_empty_input():
    with pytest.raises(ValueError, match="did not record 'accuracy'"):
        plotting.compare_histories({"a": {"loss": [1.0]}})
    with pytest.raises(ValueError, match="histories: expected a dict"):
        plotting.compare_histories({})


def test_confusion_matrix_shows_the_counts():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 2, 0])
    fig = plotting.plot_confusion_matrix(y_true, y_pred)
    shown = fig.axes[0].images[0].get_array()
    assert shown.shape == (10, 10)
    assert np.array_equal(shown, confusion_matrix(y_true, y_pred, labels=range(10)))
    with pytest.raises(ValueError, match="6 true labels but 5 predictions"):
        plotting.plot_confusion_matrix(y_true, y_pred[:5])


def test_confident_mistakes_are_sorted_by_confidence():
    y_true = np.array([0, 1, 2, 3])
    probabilities = np.array(
        [
            [0.9, 0.1, 0.0, 0.0],  # right
            [0.6, 0.4, 0.0, 0.0],  # wrong, 60 %
            [0.0, 0.0, 0.05, 0.95],  # wrong, 95 %
            [0.0, 0.0, 0.0, 1.0],  # right
        ]
    )
    fig = plotting.plot_confident_mistakes(IMAGES[:4], y_true, probabilities)
    assert titles(fig) == ["2→3\n95%", "1→0\n60%"]


def test_confident_mistakes_without_mistakes_and_with_bad_shapes():
    fig = plotting.plot_confident_mistakes(IMAGES[:2], [0, 1], np.eye(2))
    assert fig.axes[0].texts[0].get_text() == "no mistakes"
    with pytest.raises(ValueError, match="probabilities: 3 labels but 2 rows"):
        plotting.plot_confident_mistakes(IMAGES[:3], [0, 1, 2], np.eye(2))


def test_plot_layer_values_grouped_log_bars():
    fig = plotting.plot_layer_values(
        {"sigmoid": [1e-4, 1e-2], "relu": [1e-2, 1e-2]}, ["first", "last"]
    )
    ax = fig.axes[0]
    assert len(ax.patches) == 4 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["first", "last"]
    with pytest.raises(ValueError, match=r"values\['relu'\]: 2 layers but 1 values"):
        plotting.plot_layer_values({"relu": [1.0]}, ["a", "b"])


# --- autoencoder pictures (lab 04) ---------------------------------------------------------


def test_loss_curves_leave_gaps_where_the_loss_overflowed():
    fig = plotting.plot_loss_curves(
        {"small": [2.3, 2.0, 1.5], "large": [2.3, 40.0, np.inf, np.nan, 2.3]},
        reference=np.log(10),
        reference_label="guessing",
    )
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    small, large, cross, guess = ax.lines
    assert list(small.get_ydata()) == [2.3, 2.0, 1.5]
    drawn = np.asarray(large.get_ydata(), dtype=float)
    assert list(drawn[[0, 1, 4]]) == [2.3, 40.0, 2.3] and np.isnan(drawn[2:4]).all()
    assert list(cross.get_xdata()) == [2] and list(cross.get_ydata()) == [40.0]
    assert cross.get_marker() == "x" and cross.get_color() == large.get_color()
    assert list(guess.get_ydata()) == [np.log(10)] * 2
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["small", "large (loss not finite at 2 steps, first 2)", "guessing"]


@pytest.mark.parametrize(
    "curves, message",
    [
        ({}, "curves"),
        ({"a": []}, r"curves\['a'\]: expected a 1-D"),
        ({"a": [[1.0, 2.0]]}, r"curves\['a'\]: expected a 1-D"),
        ({"a": [1.0, -0.5]}, "positive"),
        ({"a": [np.inf, np.nan]}, "no finite loss"),
        ({"a": ["low", "high"]}, "expected numbers"),
    ],
)
def test_loss_curves_reject_bad_input(curves, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_loss_curves(curves)


def test_layer_values_of_many_layers_keep_the_legend_off_the_bars():
    names = [str(i) for i in range(12)]
    fig = plotting.plot_layer_values({"a": [1.0] * 12, "b": [2.0] * 12}, names)
    legend = fig.axes[0].get_legend()
    assert legend.get_bbox_to_anchor().y0 < fig.axes[0].get_window_extent().y0


def test_reconstruction_rows_share_columns_and_carry_labels():
    rng = np.random.default_rng(0)
    originals = rng.random((12, 28, 28))
    fig = plotting.plot_reconstructions(
        {"original": originals, "PCA": originals.reshape(12, 784) * 0.5}, count=5
    )
    assert len(fig.axes) == 10
    assert [fig.axes[i].get_ylabel() for i in (0, 5)] == ["original", "PCA"]
    assert np.allclose(fig.axes[7].images[0].get_array(), originals[2] * 0.5)


def test_reconstructions_check_rows():
    with pytest.raises(ValueError, match="only 3"):
        plotting.plot_reconstructions({"original": np.zeros((3, 784))}, count=10)
    with pytest.raises(ValueError, match="autoencoder: expected 28×28"):
        plotting.plot_reconstructions({"autoencoder": np.zeros((3, 32))}, count=2)


def test_latent_space_has_a_panel_per_method_coloured_by_digit():
    rng = np.random.default_rng(0)
    labels = np.arange(50) % 10
    fig = plotting.plot_latent_space(
        {"autoencoder": rng.normal(size=(50, 2)), "PCA": rng.normal(size=(50, 2))},
        labels,
        max_points=40,
    )
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["autoencoder", "PCA"]
    points = panels[0].collections[0]
    assert len(points.get_offsets()) == 40
    assert np.array_equal(points.get_array(), labels[:40])


def test_latent_space_colour_bar_lists_only_the_digits_shown():
    labels = np.arange(40) % 5 + 5  # the digits 5 to 9, as in lab 06
    fig = plotting.plot_latent_space({"PCA": np.zeros((40, 2))}, labels)
    bar = next(ax for ax in fig.axes if ax.get_ylabel() == "digit")
    assert [tick.get_text() for tick in bar.get_yticklabels()] == ["5", "6", "7", "8", "9"]
    points = fig.axes[0].collections[0]
    points.update_scalarmappable()  # map the digits to colours, as drawing does
    colours = points.get_facecolors()
    assert len({tuple(c) for c in colours}) == 5  # five colours, one per digit shown


def test_latent_space_needs_2d_codes_and_one_label_each():
    with pytest.raises(ValueError, match=r"expected 2-D codes \(n, 2\)"):
        plotting.plot_latent_space({"AE": np.zeros((5, 3))}, np.zeros(5))
    with pytest.raises(ValueError, match="5 codes but 4 labels"):
        plotting.plot_latent_space({"AE": np.zeros((5, 2))}, np.zeros(4))


def test_decoded_grid_decodes_a_grid_spanning_the_codes():
    seen = []

    def decoder(grid):  # an image whose brightness is code 1: checks the mosaic's layout
        seen.append(grid)
        return np.repeat(grid[:, :1], 784, axis=1)

    codes = np.random.default_rng(0).uniform(-3, 3, size=(1000, 2))
    fig = plotting.plot_decoded_grid(decoder, codes, steps=4, percentile=0)
    grid = seen[0]
    assert grid.shape == (16, 2)
    assert np.isclose(grid[:, 0].min(), codes[:, 0].min(), atol=1e-5)
    assert grid[0, 1] > grid[-1, 1]  # top row is the largest code 2
    mosaic = fig.axes[0].images[0].get_array()
    assert mosaic.shape == (4 * 28, 4 * 28)
    assert mosaic[0, 0] < mosaic[0, -1]  # code 1 grows to the right


def test_decoded_grid_uses_a_keras_model_predict():
    import keras

    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(784, activation="sigmoid")])
    fig = plotting.plot_decoded_grid(decoder, np.random.default_rng(0).normal(size=(100, 2)))
    assert fig.axes[0].images[0].get_array().shape == (15 * 28, 15 * 28)
    with pytest.raises(ValueError, match="decoder output"):
        plotting.plot_decoded_grid(lambda g: g, np.random.default_rng(0).normal(size=(10, 2)))


def test_mean_std_draws_the_mean_and_a_band_of_one_std():
    results = np.array([[0.90, 0.92, 0.94], [0.95, 0.95, 0.95]])
    fig = plotting.plot_mean_std([0.0, 0.5], {"MLP": results}, xlabel="rate", ylabel="accuracy")
    ax = fig.axes[0]
    assert np.allclose(ax.lines[0].get_ydata(), [0.92, 0.95])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert np.isclose(band, 0.92 + results[0].std()).any()  # upper edge at the first setting
    assert np.isclose(band, 0.92 - results[0].std()).any()
    assert ax.get_legend().get_texts()[0].get_text() == "MLP (n=3)"
    assert list(ax.get_xticks()) == [0.0, 0.5]  # ticks at the settings that were run, no others


def test_mean_std_puts_no_tick_between_epochs():
    epochs = np.arange(1, 6)
    fig = plotting.plot_mean_std(epochs, {"SGD": np.ones((5, 2))}, xlabel="epoch", ylabel="acc")
    assert list(fig.axes[0].get_xticks()) == [1, 2, 3, 4, 5]


def test_mean_std_on_a_log_axis_labels_the_budgets_plainly():
    budgets = [1, 10, 100]
    fig = plotting.plot_mean_std(
        budgets, {"a": np.ones((3, 2))}, xlabel="labels", ylabel="acc", log_x=True
    )
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and list(ax.get_xticks()) == budgets
    assert [label.get_text() for label in ax.get_xticklabels()] == ["1", "10", "100"]


def test_mean_std_checks_result_shapes():
    with pytest.raises(ValueError, match=r"shape \(3, seeds\)"):
        plotting.plot_mean_std([1, 2, 3], {"x": np.zeros((2, 3))}, xlabel="", ylabel="")


def test_plot_digits_says_so_when_there_is_nothing_to_show():
    with pytest.raises(ValueError, match="no images to show"):
        plotting.plot_digits(np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="expected 28×28 images"):
        plotting.plot_digits(np.zeros((3, 27, 27)))


def test_confusion_matrix_with_other_classes():
    fig = plotting.plot_confusion_matrix([5, 6, 9, 9], [5, 9, 9, 9], labels=range(5, 10))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "6", "7", "8", "9"]
    assert sorted(int(t.get_text()) for t in ax.texts if t.get_text() != "0") == [1, 1, 2]
    with pytest.raises(ValueError, match=r"labels \[3\] are not among"):
        plotting.plot_confusion_matrix([3, 5], [5, 5], labels=range(5, 10))


def test_confident_mistakes_name_the_digits_of_the_columns():
    probabilities = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]])
    fig = plotting.plot_confident_mistakes(IMAGES[:3], [7, 7, 8], probabilities, labels=[7, 8])
    assert titles(fig)[:1] == ["7→8\n80%"]  # column 1 is the digit 8
    with pytest.raises(ValueError, match="3 labels for 2 probability columns"):
        plotting.plot_confident_mistakes(IMAGES[:3], [7, 7, 8], probabilities, labels=[7, 8, 9])


def test_latent_space_axis_names():
    fig = plotting.plot_latent_space(
        {"PCA": np.zeros((4, 2))}, [5, 6, 7, 8], axis_names=("PC 1", "PC 2")
    )
    assert fig.axes[0].get_xlabel() == "PC 1" and fig.axes[0].get_ylabel() == "PC 2"


def test_confusion_matrix_keeps_its_size_for_ten_digits():
    fig = plotting.plot_confusion_matrix([0, 1], [0, 1])
    assert tuple(fig.get_size_inches()) == (6.5, 5.5)
    assert tuple(
        plotting.plot_confusion_matrix([5], [5], labels=range(5, 10)).get_size_inches()
    ) == (
        5.0,
        4.0,
    )
