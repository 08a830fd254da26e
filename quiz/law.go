package quiz

import "time"

// Law is a law or regulation staff enforce, with its versions.
type Law struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"` // short name without 中华人民共和国, e.g. 著作权法
	Kind    string   `json:"kind"` // 法律 or 行政法规
	Domains []Domain `json:"domains"`
	// Versions are ordered oldest first; the last is the one in force.
	Versions []LawVersion `json:"versions"`
}

// Current returns the version in force, and false when there is none.
func (l Law) Current() (LawVersion, bool) {
	if len(l.Versions) == 0 {
		return LawVersion{}, false
	}
	return l.Versions[len(l.Versions)-1], true
}

// LawVersion is one promulgated text of a law.
type LawVersion struct {
	ID    int64  `json:"id"`
	LawID int64  `json:"lawId"`
	Label string `json:"label"` // e.g. 2021年修订
	// Effective is the date the version took effect, YYYY-MM-DD, or only
	// YYYY when the exact day was not recorded (Note says so).
	Effective string    `json:"effective"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// NewLaw is the input for registering a law with its first version.
type NewLaw struct {
	Name    string        `json:"name"`
	Kind    string        `json:"kind"`
	Domains []Domain      `json:"domains"`
	Version NewLawVersion `json:"version"`
}

// NewLawVersion is the input for recording a version.
type NewLawVersion struct {
	Label     string `json:"label"`
	Effective string `json:"effective"`
	Note      string `json:"note"`
}
