import keras


# On the tf target a metric's result() may return its variable.
class Total(keras.metrics.Metric):
    def __init__(self, name="total", **kwargs):
        super().__init__(name=name, **kwargs)
        self.total = self.add_weight(name="total", initializer="zeros")

    def result(self):
        return self.total  # OK
