package courses

import (
	"sort"
	"time"
)

// EnrolState is where a person stands in a batch.
type EnrolState string

const (
	Enrolled   EnrolState = "enrolled"
	Waitlisted EnrolState = "waitlisted"
	Requested  EnrolState = "requested" // asked to join, awaiting the organizer
)

// Enrolment is one person's place in a batch.
type Enrolment struct {
	BatchID int64      `json:"batchId"`
	UserID  int64      `json:"userId"`
	State   EnrolState `json:"state"`
	// Position orders the waitlist (lower first).
	Position int64 `json:"position"`
	// LeaveRequested is set when the person asked to leave.
	LeaveRequested bool      `json:"leaveRequested"`
	CreatedAt      time.Time `json:"createdAt"`
	// Filled on reads.
	Name     string `json:"name,omitempty"`
	UnitID   int64  `json:"unitId,omitempty"`
	UnitName string `json:"unitName,omitempty"`
}

// Place says where a newcomer goes: Enrolled while the batch has room,
// else Waitlisted.
func Place(capacity, enrolled int) EnrolState {
	if enrolled < capacity {
		return Enrolled
	}
	return Waitlisted
}

// Promotions returns, in waitlist order, the people to move from the
// waitlist into free places.
func Promotions(capacity, enrolled int, waitlist []Enrolment) []int64 {
	free := capacity - enrolled
	if free <= 0 || len(waitlist) == 0 {
		return nil
	}
	w := append([]Enrolment(nil), waitlist...)
	sort.SliceStable(w, func(i, j int) bool { return w[i].Position < w[j].Position })
	var out []int64
	for _, e := range w {
		if len(out) == free {
			break
		}
		if e.State == Waitlisted {
			out = append(out, e.UserID)
		}
	}
	return out
}

// EnrolResult says what an enrolment did.
type EnrolResult struct {
	Enrolled   []int64 `json:"enrolled"`
	Waitlisted []int64 `json:"waitlisted"`
	// Already lists people who were in the batch before.
	Already []int64 `json:"already"`
}
