package quiz

import (
	"math"
	"time"
)

// Redo scheduling for the wrong-answer notebook follows FSRS-4.5 (the Free
// Spaced Repetition Scheduler of open-spaced-repetition, the model Anki
// ships), day-granular, without learning steps: every answer is a review.
// A wrong answer rates Again, a right one Good. Schedule is the pure core.
//
//	retrievability R(t, S) = (1 + F·t/S)^C with C = −0.5, F = 19/81
//	interval for a desired retention r: I = S/F · (r^(1/C) − 1) (= S at 0.9)
//	first review: S = w[G−1], D = w4 − (G−3)·w5
//	later: D' = w7·D0(Good) + (1−w7)·(D − w6·(G−3)), clamped to [1, 10]
//	recall: S' = S·(e^w8 · (11−D) · S^−w9 · (e^(w10·(1−R)) − 1) · h · b + 1),
//	        h = w15 for Hard, b = w16 for Easy
//	lapse:  S' = w11 · D^−w12 · ((S+1)^w13 − 1) · e^(w14·(1−R))

// Rating is how a review went.
type Rating int

const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// FSRSDefaults are FSRS-4.5's published default weights.
var FSRSDefaults = [17]float64{0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474, 0.1367, 1.0461,
	2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755}

const (
	fsrsDecay  = -0.5
	fsrsFactor = 19.0 / 81.0
)

// Scheduling is the notebook's redo policy.
type Scheduling struct {
	W         [17]float64
	Retention float64 // desired retention, (0, 1)
	MaxDays   int     // the longest interval
	// MasterDays: an entry is mastered once its interval passes this many days.
	MasterDays int
}

// DefaultScheduling is FSRS-4.5 with its defaults, 90% retention, and
// mastery past 30 days.
var DefaultScheduling = Scheduling{W: FSRSDefaults, Retention: 0.9, MaxDays: 36500, MasterDays: 30}

// Card is a notebook entry's scheduling state. Reps == 0 is a new card.
type Card struct {
	Stability  float64    `json:"stability"`
	Difficulty float64    `json:"difficulty"`
	Reps       int        `json:"reps"`
	Lapses     int        `json:"lapses"`
	Interval   int        `json:"interval"` // days
	LastReview *time.Time `json:"lastReview,omitempty"`
	Due        *time.Time `json:"due,omitempty"`
}

// Retrievability is the probability of recall after elapsed days at stability s.
func Retrievability(elapsedDays, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return math.Pow(1+fsrsFactor*math.Max(0, elapsedDays)/s, fsrsDecay)
}

// Schedule applies one review rated g at now to c and returns the new
// state with its next due date (midnight UTC-free: now + interval days).
func (p Scheduling) Schedule(c Card, g Rating, now time.Time) Card {
	if g < Again || g > Easy {
		g = Again
	}
	w := p.W
	out := c
	if c.Reps == 0 || c.Stability <= 0 {
		out.Stability = w[g-1]
		out.Difficulty = clampD(p.initD(g))
	} else {
		elapsed := 0.0
		if c.LastReview != nil {
			elapsed = math.Max(0, math.Floor(now.Sub(*c.LastReview).Hours()/24))
		}
		r := Retrievability(elapsed, c.Stability)
		d := c.Difficulty - w[6]*float64(g-3)
		out.Difficulty = clampD(w[7]*p.initD(Good) + (1-w[7])*d)
		if g == Again {
			out.Stability = w[11] * math.Pow(c.Difficulty, -w[12]) * (math.Pow(c.Stability+1, w[13]) - 1) * math.Exp(w[14]*(1-r))
			out.Lapses++
		} else {
			h, b := 1.0, 1.0
			if g == Hard {
				h = w[15]
			}
			if g == Easy {
				b = w[16]
			}
			out.Stability = c.Stability * (math.Exp(w[8])*(11-c.Difficulty)*math.Pow(c.Stability, -w[9])*(math.Exp(w[10]*(1-r))-1)*h*b + 1)
		}
	}
	out.Stability = math.Max(out.Stability, 0.01)
	out.Reps++
	out.Interval = p.interval(out.Stability)
	t := now.UTC()
	due := t.AddDate(0, 0, out.Interval)
	out.LastReview, out.Due = &t, &due
	return out
}

// Mastered reports whether a card's interval has passed the policy's days.
func (p Scheduling) Mastered(c Card) bool { return c.Interval > p.MasterDays }

func (p Scheduling) initD(g Rating) float64 { return p.W[4] - float64(g-3)*p.W[5] }

func (p Scheduling) interval(s float64) int {
	r := p.Retention
	if r <= 0 || r >= 1 {
		r = 0.9
	}
	days := int(math.Round(s / fsrsFactor * (math.Pow(r, 1/fsrsDecay) - 1)))
	maxDays := p.MaxDays
	if maxDays <= 0 {
		maxDays = 36500
	}
	return min(max(days, 1), maxDays)
}

func clampD(d float64) float64 { return min(max(d, 1), 10) }

// RatingOf is the rating of a graded answer: Good when right, else Again.
func RatingOf(correct bool) Rating {
	if correct {
		return Good
	}
	return Again
}
