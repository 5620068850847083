package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// OptimizerArguments reports the Keras 2 optimizer spellings Keras 3
// rejects: the `lr` argument and attribute (now only `learning_rate`) and
// the `decay` argument (time-based decay, now a learning-rate schedule).
//
//	Adam(lr=0.001)                 →  Adam(learning_rate=0.001)
//	SGD(learning_rate=0.01, decay=1e-6)
//	→ SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6))
//	model.optimizer.lr             →  model.optimizer.learning_rate
var OptimizerArguments = &cellfix.Rule{
	Name:    "optimizer-arguments",
	Code:    "K321",
	Title:   "Keras 2 optimizer argument `lr` or `decay`, or attribute `lr`",
	Fixable: true,
	Run:     runOptimizerArguments,
}

func init() { register(OptimizerArguments) }

func runOptimizerArguments(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "call":
			checkOptimizerCall(p, n)
		case "attribute":
			checkLRAttribute(p, n)
		}
		return true
	}, "call", "attribute")
}

// constructsOptimizer reports whether a callee is a Keras optimizer class
// (any module spelling, legacy and experimental included) or a subclass.
func constructsOptimizer(p *cellfix.Pass, call, fn *cellfix.Node) bool {
	if p.Doc.Model().RoleOf(p.CellPos, call) == cellfix.RoleOptimizer {
		return true
	}
	for _, k := range p.Doc.Model().ConstructedKerasNames(p.CellPos, fn) {
		if strings.HasPrefix(k, "keras.optimizers.") && !strings.HasPrefix(k, "keras.optimizers.schedules.") {
			last := k[strings.LastIndexByte(k, '.')+1:]
			if last != "" && last[0] >= 'A' && last[0] <= 'Z' {
				return true
			}
		}
	}
	return false
}

func checkOptimizerCall(p *cellfix.Pass, call *cellfix.Node) {
	args := p.Args(call)
	lr, decay := args.Keyword["lr"], args.Keyword["decay"]
	if args.List == nil || (lr == nil && decay == nil) || !constructsOptimizer(p, call, call.Child("function")) {
		return
	}
	learningRate := args.Keyword["learning_rate"]
	if lr != nil {
		if learningRate != nil {
			p.Reportf(lr, nil, "Keras 3 optimizers take no `lr` argument, and `learning_rate` is given too: remove `lr`")
		} else {
			p.Reportf(lr, &cellfix.Fix{Title: "Rename `lr` to `learning_rate`", Safety: cellfix.Safe,
				Edits: []cellfix.TextEdit{p.Edit().RenameKeyword(lr, "learning_rate")}},
				"Keras 3 optimizers take no `lr` argument (\"Argument(s) not recognized\"): it is `learning_rate`")
		}
	}
	if decay == nil {
		return
	}
	value := decay.Child("value")
	if v := p.Text(value); v == "0" || v == "0.0" || v == "0." {
		p.Reportf(decay, &cellfix.Fix{Title: "Remove `decay`", Safety: cellfix.Safe,
			Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, decay)}},
			"Keras 3 optimizers ignore `decay` (with a warning); `decay=0` was no decay: remove it")
		return
	}
	msg := "Keras 3 optimizers ignore `decay` (only a warning says so), so the learning rate no longer decays: " +
		"Keras 2's `lr / (1 + decay * iterations)` is the schedule " +
		"`keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` passed as `learning_rate`"
	rate := learningRate
	if rate == nil {
		rate = lr
	}
	if rate == nil || args.Splat {
		p.Reportf(decay, nil, msg)
		return
	}
	schedules, imports := p.ModuleName("keras.optimizers.schedules")
	if schedules == "" {
		p.Reportf(decay, nil, msg)
		return
	}
	rv := rate.Child("value")
	safety := cellfix.Unsafe
	if decayFixSafe(p, args, decay) {
		safety = cellfix.Safe
	}
	fix := &cellfix.Fix{Title: "Use an `InverseTimeDecay` schedule", Safety: safety, Imports: imports,
		Edits: []cellfix.TextEdit{
			p.Replace(rv, fmt.Sprintf("%s.InverseTimeDecay(%s, decay_steps=1, decay_rate=%s)", schedules, p.Text(rv), p.Text(value))),
			p.Edit().RemoveArgument(args, decay),
		}}
	p.Reportf(decay, fix, msg+"; the fix does that (`optimizer.learning_rate` then reads the decayed rate)")
}

// checkLRAttribute reports optimizer.lr on an optimizer, or on any
// `.optimizer` attribute (model.optimizer.lr, self.model.optimizer.lr).
func checkLRAttribute(p *cellfix.Pass, n *cellfix.Node) {
	obj, attr := n.Child("object"), n.Child("attribute")
	if obj == nil || attr == nil || p.Text(attr) != "lr" {
		return
	}
	isOptimizer := p.Doc.Model().RoleOf(p.CellPos, obj) == cellfix.RoleOptimizer
	if !isOptimizer && obj.Type() == "attribute" {
		if a := obj.Child("attribute"); a != nil && p.Text(a) == "optimizer" {
			isOptimizer = true
		}
	}
	if !isOptimizer || p.Resolve(n) != "" {
		return
	}
	p.Reportf(n, &cellfix.Fix{Title: "Use `learning_rate`", Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Replace(attr, "learning_rate")}},
		"Keras 3 optimizers have no `lr` attribute (AttributeError): read and set `learning_rate`")
}
