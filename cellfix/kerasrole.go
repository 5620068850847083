package cellfix

import (
	"strings"
	"unicode"
)

// KerasRole is what a Keras name gives when called (or subclassed), and what
// a value is, as far as the rules care. It is the one classifier behind
// "is this a layer?", "is this a model?": every rule asks it, so
// keras.layers.Input and keras.applications.ResNet50 get one answer.
type KerasRole uint8

const (
	// RoleUnknown: nothing is known (a parameter, a value from an unknown
	// function).
	RoleUnknown KerasRole = iota
	// RoleOther: known not to be any of the roles below (a number, a
	// string, an object of another library, a Keras function's result).
	RoleOther
	// RoleTensor: a symbolic Keras tensor, made by keras.Input.
	RoleTensor
	// RoleOptimizer: a keras.optimizers class or its instance.
	RoleOptimizer
	// RoleCallback: a keras.callbacks class or its instance.
	RoleCallback
	// RoleLayer: a layer class or instance that is not a model.
	RoleLayer
	// RoleModel: a model class or instance (a model is a layer too).
	RoleModel
)

// IsLayer reports whether the role is a layer, models included.
func (r KerasRole) IsLayer() bool { return r == RoleLayer || r == RoleModel }

func (r KerasRole) String() string {
	return [...]string{"unknown", "other", "tensor", "optimizer", "callback", "layer", "model"}[r]
}

// modelFactories are Keras functions that return a model.
var modelFactories = map[string]bool{
	"keras.models.load_model": true, "keras.saving.load_model": true, "keras.models.clone_model": true,
	"keras.models.model_from_json": true, "keras.models.model_from_config": true, "keras.models.model_from_yaml": true,
}

// ClassifyKerasName classifies a name in Keras 3 spelling ("keras.layers.Dense";
// see KerasName) by what calling or subclassing it gives. Names outside
// Keras give RoleOther.
func ClassifyKerasName(k string) KerasRole {
	if k != "keras" && !strings.HasPrefix(k, "keras.") {
		return RoleOther
	}
	module, last := "", k
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		module, last = k[:i], k[i+1:]
	}
	class := last != "" && unicode.IsUpper(rune(last[0]))
	switch {
	case k == "keras.Input" || k == "keras.layers.Input" || k == "keras.engine.input_layer.Input":
		return RoleTensor
	case modelFactories[k],
		class && (last == "Model" || last == "Sequential" || last == "Functional"),
		class && (module == "keras.models" || strings.HasPrefix(module, "keras.engine.")) && last != "Layer" && last != "InputSpec",
		// keras.applications.ResNet50, keras.applications.resnet50.ResNet50
		class && (module == "keras.applications" || strings.HasPrefix(module, "keras.applications.")):
		return RoleModel
	case class && last == "Layer",
		class && (module == "keras.layers" || strings.HasPrefix(module, "keras.layers.")) && last != "InputSpec":
		return RoleLayer
	case class && (module == "keras.optimizers" || strings.HasPrefix(module, "keras.optimizers.")) &&
		!strings.HasPrefix(module, "keras.optimizers.schedules"):
		return RoleOptimizer
	case class && (module == "keras.callbacks" || strings.HasPrefix(module, "keras.callbacks.")):
		return RoleCallback
	}
	return RoleOther
}
