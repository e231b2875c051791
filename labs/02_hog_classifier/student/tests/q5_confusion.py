from otter.test_files import test_case

OK_FORMAT = False

name = "q5_confusion"
points = [1]

@test_case(points=None, hidden=False)
def test_confusion_public(most_confused):
    assert tuple(most_confused([4, 4, 9, 1], [9, 9, 9, 1])) == (4, 9)

