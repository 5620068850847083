package cellfix

import (
	"fmt"
	"strconv"
	"strings"
)

// KerasVersion is a Keras 3 release, major.minor, that the migrated code
// is meant to run on: Ruff's target-version for Keras. Problems that a
// later Keras release fixed are reported only for versions before the fix,
// so a notebook bound for 3.0 hears everything the migration guide warns
// about and one bound for the newest Keras hears no false alarm.
type KerasVersion struct {
	Major, Minor int
}

// LatestKeras is the newest Keras release the rules were checked against,
// and the default --keras-version.
var LatestKeras = KerasVersion{3, 15}

// ParseKerasVersion reads "X.Y" (a patch level, "X.Y.Z", is accepted and
// ignored: no rule depends on one). Only Keras 3 is a migration target.
func ParseKerasVersion(s string) (KerasVersion, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return KerasVersion{}, fmt.Errorf("invalid Keras version %q (want MAJOR.MINOR, e.g. %s)", s, LatestKeras)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return KerasVersion{}, fmt.Errorf("invalid Keras version %q (want MAJOR.MINOR, e.g. %s)", s, LatestKeras)
		}
		n[i] = v
	}
	if n[0] != 3 {
		return KerasVersion{}, fmt.Errorf("Keras version %q is not a Keras 3 release (want 3.0 to %s or later)", s, LatestKeras)
	}
	return KerasVersion{n[0], n[1]}, nil
}

func (v KerasVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// IsZero reports whether v is unset.
func (v KerasVersion) IsZero() bool { return v == KerasVersion{} }

// Before reports whether v is an earlier release than w.
func (v KerasVersion) Before(w KerasVersion) bool {
	return v.Major < w.Major || v.Major == w.Major && v.Minor < w.Minor
}

// OrLatest is v, or LatestKeras when v is unset.
func (v KerasVersion) OrLatest() KerasVersion {
	if v.IsZero() {
		return LatestKeras
	}
	return v
}

// stillBroken reports whether a problem that Keras fixed in release
// fixedIn (zero: never fixed) is still there in release v (zero: the
// latest).
func stillBroken(fixedIn, v KerasVersion) bool {
	return fixedIn.IsZero() || v.OrLatest().Before(fixedIn)
}
