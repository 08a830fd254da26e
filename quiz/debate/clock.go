package debate

import (
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// ChessClock is the free debate's pair of clocks (自由辩论): each side has
// its own time; one runs at a time; a side out of time is skipped.
type ChessClock struct {
	Left    map[Side]time.Duration `json:"left"`
	Running Side                   `json:"running,omitempty"` // "" when paused
	Since   time.Time              `json:"since"`             // when the running clock last started
}

// NewChessClock gives each side the stage's seconds.
func NewChessClock(seconds int) ChessClock {
	d := time.Duration(seconds) * time.Second
	return ChessClock{Left: map[Side]time.Duration{Pro: d, Con: d}}
}

// Remaining is each side's time at now.
func (c ChessClock) Remaining(now time.Time) map[Side]time.Duration {
	out := map[Side]time.Duration{Pro: c.Left[Pro], Con: c.Left[Con]}
	if c.Running.Valid() {
		out[c.Running] = max(0, out[c.Running]-now.Sub(c.Since))
	}
	return out
}

func (c ChessClock) settle(now time.Time) ChessClock {
	c.Left = c.Remaining(now)
	c.Since = now
	return c
}

// Start runs a side's clock (the first speaker of free debate, or after a pause).
func (c ChessClock) Start(s Side, now time.Time) (ChessClock, error) {
	if !s.Valid() {
		return c, fault.InvalidField("side", "pro or con")
	}
	c = c.settle(now)
	if c.Left[s] == 0 {
		return c, fault.Conflictf("the %s side has no time left", s)
	}
	c.Running = s
	return c, nil
}

// Switch stops the running clock and starts the other side's (the speaker
// sits down); a side without time left keeps the floor with the other.
func (c ChessClock) Switch(now time.Time) ChessClock {
	if !c.Running.Valid() {
		return c
	}
	c = c.settle(now)
	if o := c.Running.Other(); c.Left[o] > 0 {
		c.Running = o
	} else if c.Left[c.Running] == 0 {
		c.Running = ""
	}
	return c
}

// Pause stops both clocks.
func (c ChessClock) Pause(now time.Time) ChessClock {
	c = c.settle(now)
	c.Running = ""
	return c
}

// Done says both sides are out of time.
func (c ChessClock) Done(now time.Time) bool {
	r := c.Remaining(now)
	return r[Pro] == 0 && r[Con] == 0
}
