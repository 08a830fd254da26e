package courses

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// ClashKind names what collides.
type ClashKind string

const (
	ClashPerson      ClashKind = "person"        // a person in two overlapping sessions
	ClashVenue       ClashKind = "venue"         // a venue double-booked
	ClashLecturer    ClashKind = "lecturer"      // a lecturer double-booked
	ClashOutsideDate ClashKind = "outside_batch" // a session outside its batch's dates
)

// Slot is a session as clash detection sees it.
type Slot struct {
	SessionID  int64     `json:"sessionId"` // 0 for a session not saved yet
	Label      string    `json:"label"`     // shown in reports, e.g. class and topic
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Venue      string    `json:"venue"`
	Lecturer   string    `json:"lecturer"`
	People     []int64   `json:"-"` // enrolled people
	Cancelled  bool      `json:"-"`
	BatchStart string    `json:"-"` // batch dates, DateLayout; empty skips the date check
	BatchEnd   string    `json:"-"`
}

// Clash is one conflict found.
type Clash struct {
	Kind      ClashKind `json:"kind"`
	SessionID int64     `json:"sessionId"`
	Label     string    `json:"label"`
	OtherID   int64     `json:"otherId,omitempty"`
	Other     string    `json:"other,omitempty"`
	// Subject is the venue or lecturer name; People the persons in both.
	Subject string  `json:"subject,omitempty"`
	People  []int64 `json:"people,omitempty"`
	Message string  `json:"message"`
}

// overlaps reports whether [a.Start,a.End) and [b.Start,b.End) share time.
func overlaps(a, b Slot) bool { return a.Start.Before(b.End) && b.Start.Before(a.End) }

func sameName(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// DetectClashes checks each changed slot against the others and against
// every other changed slot. A slot in others with the same non-zero
// SessionID as a changed slot is its old version and is skipped. Cancelled
// slots clash with nothing. The result is ordered and each pair is
// reported once per kind.
func DetectClashes(changed, others []Slot) []Clash {
	var out []Clash
	for i, c := range changed {
		if c.Cancelled {
			continue
		}
		if c.BatchStart != "" && c.BatchEnd != "" {
			b := Batch{StartsOn: c.BatchStart, EndsOn: c.BatchEnd}
			from, to := b.Range()
			if c.Start.Before(from) || c.End.After(to) {
				out = append(out, Clash{Kind: ClashOutsideDate, SessionID: c.SessionID, Label: c.Label,
					Message: fmt.Sprintf("outside the batch dates %s – %s", c.BatchStart, c.BatchEnd)})
			}
		}
		cands := make([]Slot, 0, len(others)+len(changed))
		for _, o := range others {
			if o.SessionID != 0 && slices.ContainsFunc(changed, func(x Slot) bool { return x.SessionID == o.SessionID }) {
				continue
			}
			cands = append(cands, o)
		}
		cands = append(cands, changed[i+1:]...)
		for _, o := range cands {
			if o.Cancelled || !overlaps(c, o) {
				continue
			}
			base := Clash{SessionID: c.SessionID, Label: c.Label, OtherID: o.SessionID, Other: o.Label}
			if sameName(c.Venue, o.Venue) {
				k := base
				k.Kind, k.Subject, k.Message = ClashVenue, c.Venue, "venue double-booked"
				out = append(out, k)
			}
			if sameName(c.Lecturer, o.Lecturer) {
				k := base
				k.Kind, k.Subject, k.Message = ClashLecturer, c.Lecturer, "lecturer double-booked"
				out = append(out, k)
			}
			if both := intersect(c.People, o.People); len(both) > 0 {
				k := base
				k.Kind, k.People, k.Message = ClashPerson, both, fmt.Sprintf("%d people are in both sessions", len(both))
				out = append(out, k)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].SessionID != out[j].SessionID {
			return out[i].SessionID < out[j].SessionID
		}
		return out[i].OtherID < out[j].OtherID
	})
	return out
}

func intersect(a, b []int64) []int64 {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	set := make(map[int64]bool, len(a))
	for _, x := range a {
		set[x] = true
	}
	var out []int64
	for _, y := range b {
		if set[y] {
			out = append(out, y)
			delete(set, y)
		}
	}
	slices.Sort(out)
	return out
}
