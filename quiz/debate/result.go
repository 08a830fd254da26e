package debate

import "github.com/weishi-dev/weishi/quiz/judging"

// Result is a judged match as the draw and the standings see it. A bye
// has Bye set, the team in Pro and Con 0: it counts as a win with no
// ballots and no speaker points.
type Result struct {
	Round  int                    `json:"round"`
	Pro    int64                  `json:"pro"`
	Con    int64                  `json:"con"`
	Bye    bool                   `json:"bye,omitempty"`
	Winner Side                   `json:"winner,omitempty"`
	Votes  map[Side]int           `json:"votes,omitempty"` // ballots carried
	Points map[Side]judging.Micro `json:"-"`               // team speaker totals (sum of the debaters' aggregated scores)
	// Speakers is each debater's aggregated score in the match.
	Speakers []SpeakerScore `json:"speakers,omitempty"`
	Best     int64          `json:"best,omitempty"`
}

// ResultOf turns a match's outcome into its result.
func ResultOf(m Match, o Outcome) Result {
	r := Result{Round: m.Round, Pro: m.Pro, Con: m.Con, Winner: o.Winner, Votes: map[Side]int{Pro: o.Votes[Pro], Con: o.Votes[Con]},
		Points: map[Side]judging.Micro{}, Speakers: o.Speakers, Best: o.Best}
	for _, s := range o.Speakers {
		// aggregated scores are exact fractions; the standings add them in micro-points
		r.Points[s.Side] += micro(s.Score)
	}
	return r
}

// record is what a team's results add up to.
type record struct {
	wins, ballots, byes int
	points              judging.Micro
	pro, con            int
	met                 map[int64]int // opponent → the last round they met
	rounds              int           // debates (byes excluded)
}

func records(results []Result) map[int64]*record {
	out := map[int64]*record{}
	get := func(id int64) *record {
		r := out[id]
		if r == nil {
			r = &record{met: map[int64]int{}}
			out[id] = r
		}
		return r
	}
	for _, x := range results {
		if x.Bye {
			r := get(x.Pro)
			r.byes++
			r.wins++
			continue
		}
		p, c := get(x.Pro), get(x.Con)
		p.pro++
		c.con++
		p.rounds++
		c.rounds++
		p.met[x.Con] = max(p.met[x.Con], x.Round)
		c.met[x.Pro] = max(c.met[x.Pro], x.Round)
		switch x.Winner {
		case Pro:
			p.wins++
		case Con:
			c.wins++
		}
		p.ballots += x.Votes[Pro]
		c.ballots += x.Votes[Con]
		p.points += x.Points[Pro]
		c.points += x.Points[Con]
	}
	return out
}

// micro rounds an exact value to micro-points, half up.
func micro(v judging.Value) judging.Micro {
	d := max(1, v.Den)
	return judging.Micro((2*int64(v.Num) + d) / (2 * d))
}
