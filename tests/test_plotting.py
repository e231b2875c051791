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
    assert [t.get_text() for t in accuracy_axis.get_legend().get_texts()] == ["SGD", "Adam"]


def test_compare_histories_rejects_missing_metric_and_empty_input():
    with pytest.raises(ValueError, match="did not record 'accuracy'"):
        plotting.compare_histories({"a": {"loss": [1.0]}})
    with pytest.raises(ValueError, match="no histories"):
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
    with pytest.raises(ValueError, match="probabilities of shape"):
        plotting.plot_confident_mistakes(IMAGES[:3], [0, 1, 2], np.eye(2))


def test_plot_layer_values_grouped_log_bars():
    fig = plotting.plot_layer_values(
        {"sigmoid": [1e-4, 1e-2], "relu": [1e-2, 1e-2]}, ["first", "last"]
    )
    ax = fig.axes[0]
    assert len(ax.patches) == 4 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["first", "last"]
    with pytest.raises(ValueError, match="'relu' has 1 values for 2 layers"):
        plotting.plot_layer_values({"relu": [1.0]}, ["a", "b"])
