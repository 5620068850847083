import keras


class CountPositives(keras.metrics.Metric):
    def __init__(self, name="count_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.count = self.add_weight(name="count", initializer="zeros")
        self.scale = 2.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.count.assign_add(keras.ops.sum(y_pred))

    def result(self):
        if self.scale > 1:
            return self.count  # want "returns the metric's variable `self.count`"
        return self.count * self.scale


class Ratio(keras.metrics.Metric):
    def result(self):
        return self.scale  # OK: not a weight


class NotAMetric:
    def __init__(self):
        self.count = self.add_weight(name="count")

    def result(self):
        return self.count  # OK: not a Keras metric
