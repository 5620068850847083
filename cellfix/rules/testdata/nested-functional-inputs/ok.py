import keras

# OK: the guide's fixed code, one level deep.
inputs = {
    "foo": keras.Input(shape=(1,), name="foo"),
    "bar": keras.Input(shape=(1,), name="bar"),
}
outputs = inputs["foo"] + inputs["bar"]
keras.Model(inputs, outputs)

# OK: flat lists and tuples, single tensors, and unknown values.
a = keras.Input((2,))
b = keras.Input((2,))
flat = keras.Model([a, b], (a, b))
single = keras.Model(a, b)
unknown = keras.Model(get_inputs(), get_outputs())
nested_elsewhere = [[a, b], a]
also_fine = keras.Model(inputs=[a, b], outputs={"a": a, "b": b})
seq = keras.Sequential([[keras.layers.Dense(2)]])
