package debate

import (
	"slices"
	"sort"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// SpeakerScore is one debater's aggregated score in a match.
type SpeakerScore struct {
	DebaterID int64         `json:"debaterId"`
	TeamID    int64         `json:"teamId"`
	Side      Side          `json:"side"`
	Position  int           `json:"position"` // 1…4 (一辩…四辩)
	Score     judging.Value `json:"-"`
	Points    float64       `json:"points"`
	Display   string        `json:"display"`
	Votes     int           `json:"votes,omitempty"` // best-debater votes
}

// Outcome is the result of a match from its ballots.
type Outcome struct {
	MatchID int64 `json:"matchId"`
	Ballots int   `json:"ballots"`
	// Votes is each side's winner votes (the ballots it carried).
	Votes map[Side]int `json:"votes"`
	// Totals is each side's aggregated team score (when ballots have team scores).
	Totals  map[Side]judging.Value `json:"-"`
	Display map[Side]string        `json:"display,omitempty"`
	Winner  Side                   `json:"winner,omitempty"`
	// DecidedBy says how the winner was found: votes, score, or score
	// (when votes split evenly and the team totals broke the tie).
	DecidedBy string         `json:"decidedBy,omitempty"`
	Speakers  []SpeakerScore `json:"speakers"`
	Best      int64          `json:"best,omitempty"` // 最佳辩手 (0: none, or a tie no rule broke)
	BestTied  []int64        `json:"bestTied,omitempty"`
}

// Decide computes a match's outcome from its ballots (one per judge; other
// matches' ballots are ignored). A trimmed mean over too few ballots is a
// fault.Conflict. A level outcome (equal votes and equal totals) has no
// winner: the organizer decides (and the API records the reason).
func Decide(f Format, m Match, ballots []Ballot) (Outcome, error) {
	var bs []Ballot
	seen := map[int64]bool{}
	for _, b := range ballots {
		if b.MatchID != m.ID || seen[b.JudgeID] {
			continue
		}
		seen[b.JudgeID] = true
		bs = append(bs, b)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].JudgeID < bs[j].JudgeID })
	out := Outcome{MatchID: m.ID, Ballots: len(bs), Votes: map[Side]int{Pro: 0, Con: 0}, Speakers: []SpeakerScore{}}
	if len(bs) == 0 {
		return out, nil
	}
	for _, b := range bs {
		if b.Winner.Valid() {
			out.Votes[b.Winner]++
		}
	}
	if f.Parts.Stages || f.Parts.Overall {
		out.Totals = map[Side]judging.Value{}
		out.Display = map[Side]string{}
		for _, s := range []Side{Pro, Con} {
			vals := make([]judging.Micro, len(bs))
			for i, b := range bs {
				vals[i] = TeamTotals(f, b)[s]
			}
			v, _, err := judging.Combine(f.Aggregation, vals)
			if err != nil {
				return Outcome{}, err
			}
			out.Totals[s] = v
			out.Display[s] = v.Round(f.Aggregation.Precision)
		}
	}
	byScore := func() {
		if out.Totals == nil {
			return
		}
		switch out.Totals[Pro].Cmp(out.Totals[Con]) {
		case 1:
			out.Winner, out.DecidedBy = Pro, ByScore
		case -1:
			out.Winner, out.DecidedBy = Con, ByScore
		}
	}
	if f.Outcome == ByScore {
		byScore()
	} else {
		switch {
		case out.Votes[Pro] > out.Votes[Con]:
			out.Winner, out.DecidedBy = Pro, ByVotes
		case out.Votes[Con] > out.Votes[Pro]:
			out.Winner, out.DecidedBy = Con, ByVotes
		default:
			byScore()
		}
	}
	if err := speakers(f, m, bs, &out); err != nil {
		return Outcome{}, err
	}
	return out, nil
}

func speakers(f Format, m Match, bs []Ballot, out *Outcome) error {
	votes := map[int64]int{}
	for _, b := range bs {
		if b.Best != 0 {
			votes[b.Best]++
		}
	}
	for _, s := range []Side{Pro, Con} {
		for i, d := range m.Lineup[s] {
			if d == 0 {
				continue
			}
			sc := SpeakerScore{DebaterID: d, TeamID: m.Team(s), Side: s, Position: i + 1, Votes: votes[d]}
			if f.Parts.Individual {
				vals := make([]judging.Micro, 0, len(bs))
				for _, b := range bs {
					vals = append(vals, judging.ToMicro(b.Speakers[d]))
				}
				v, _, err := judging.Combine(f.Aggregation, vals)
				if err != nil {
					return err
				}
				sc.Score, sc.Points, sc.Display = v, v.Float(), v.Round(f.Aggregation.Precision)
			}
			out.Speakers = append(out.Speakers, sc)
		}
	}
	// 最佳辩手: by scores (then votes), or by votes (then scores); a tie no rule breaks names no one.
	cmp := func(a, b SpeakerScore) int {
		sa, sb := a.Score.Cmp(b.Score), a.Votes-b.Votes
		if f.Best == BestByVotes {
			if sb != 0 {
				return sign(sb)
			}
			return sa
		}
		if sa != 0 {
			return sa
		}
		return sign(sb)
	}
	if f.Best == "" || len(out.Speakers) == 0 {
		return nil
	}
	top := slices.MaxFunc(out.Speakers, cmp)
	for _, s := range out.Speakers {
		if cmp(s, top) == 0 {
			out.BestTied = append(out.BestTied, s.DebaterID)
		}
	}
	if len(out.BestTied) == 1 {
		out.Best, out.BestTied = top.DebaterID, nil
	}
	return nil
}

func sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// Recusal returns the side whose team shares the judge's unit (回避), or
// "" when the judge may sit on the match.
func Recusal(judgeUnit int64, m Match, teams map[int64]Team) Side {
	if judgeUnit == 0 {
		return ""
	}
	for _, s := range []Side{Pro, Con} {
		if teams[m.Team(s)].UnitID == judgeUnit {
			return s
		}
	}
	return ""
}

// CanBallot says whether a judge may submit a ballot on the match: only a
// judge on the match (403), never one recused (403), never after the lock (409).
func CanBallot(m Match, judgeID, judgeUnit int64, teams map[int64]Team) error {
	if !slices.Contains(m.Judges, judgeID) {
		return fault.Errorf(fault.Forbidden, "the judge is not on this match")
	}
	if s := Recusal(judgeUnit, m, teams); s != "" {
		return judging.RecusalError(judging.RuleOwnUnit)
	}
	if m.Locked {
		return fault.Conflictf("the match is locked: its ballots can no longer change")
	}
	return nil
}
