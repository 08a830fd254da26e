package account

import (
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// UnitKind classifies a unit.
type UnitKind string

const (
	UnitDivision UnitKind = "division" // a division of the city bureau (处室)
	UnitTeam     UnitKind = "team"     // an enforcement team (支队/大队)
	UnitDistrict UnitKind = "district" // a district or county bureau (区市文化执法局)
	UnitOther    UnitKind = "other"
)

func (k UnitKind) valid() bool {
	switch k {
	case UnitDivision, UnitTeam, UnitDistrict, UnitOther:
		return true
	}
	return false
}

// Unit is a node of the organisation tree. Units are the teams of
// knowledge contests and the basis of judge recusal.
type Unit struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	ParentID  *int64   `json:"parentId"`
	Kind      UnitKind `json:"kind"`
	Sort      int      `json:"sort"`
	UserCount int      `json:"userCount"`
}

// NewUnit is the input for creating a unit.
type NewUnit struct {
	Name     string   `json:"name"`
	ParentID *int64   `json:"parentId"`
	Kind     UnitKind `json:"kind"`
	Sort     int      `json:"sort"`
}

// UnitPatch changes some fields of a unit; nil fields stay.
// Set ToRoot to move the unit to the top level.
type UnitPatch struct {
	Name     *string   `json:"name"`
	ParentID *int64    `json:"parentId"`
	ToRoot   bool      `json:"toRoot"`
	Kind     *UnitKind `json:"kind"`
	Sort     *int      `json:"sort"`
}

const maxNameLen = 64

func validateUnitName(f fault.Fields, name string) {
	f.Text("name", strings.TrimSpace(name), maxNameLen, true)
}

func (n *NewUnit) normalize() error {
	n.Name = strings.TrimSpace(n.Name)
	if n.Kind == "" {
		n.Kind = UnitOther
	}
	f := fault.Fields{}
	validateUnitName(f, n.Name)
	f.Check(!n.Kind.valid(), "kind", "is not a known unit kind")
	return f.Err()
}

func (p *UnitPatch) normalize() error {
	f := fault.Fields{}
	if p.Name != nil {
		s := strings.TrimSpace(*p.Name)
		p.Name = &s
		validateUnitName(f, s)
	}
	if p.Kind != nil {
		f.Check(!p.Kind.valid(), "kind", "is not a known unit kind")
	}
	f.Check(p.ToRoot && p.ParentID != nil, "parentId", "cannot move to the top level and under a parent at once")
	return f.Err()
}

// WouldCycle reports whether making newParent the parent of id puts id
// under itself. parents maps each unit to its parent (0 for a root).
func WouldCycle(parents map[int64]int64, id, newParent int64) bool {
	for p, steps := newParent, 0; p != 0 && steps <= len(parents); steps++ {
		if p == id {
			return true
		}
		p = parents[p]
	}
	return false
}

// Apply sets the patched fields on u. Moving under a new parent is checked
// by the store, which knows the tree.
func (p UnitPatch) Apply(u *Unit) {
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Kind != nil {
		u.Kind = *p.Kind
	}
	if p.Sort != nil {
		u.Sort = *p.Sort
	}
	if p.ToRoot {
		u.ParentID = nil
	}
	if p.ParentID != nil {
		u.ParentID = p.ParentID
	}
}
