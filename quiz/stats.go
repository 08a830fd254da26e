package quiz

import (
	"context"
	"math"
	"sort"
)

// Item statistics, as Moodle computes them for quizzes:
//
//   - Facility index: the mean share of the points candidates scored on
//     the item (1 = everyone fully right). 0.30–0.70 is healthy.
//   - Discrimination index, the upper–lower 27% method (Kelley): rank the
//     candidates by their total score on the paper, take the top and the
//     bottom 27% (at least one each), and subtract the bottom group's
//     facility on the item from the top group's. It runs from −1 to 1;
//     below 0.20 the item barely separates strong from weak candidates, and
//     below 0 weak candidates do better than strong ones.
//   - Option distribution: how many candidates chose each option, so that
//     distractors nobody picks (or that draw the strong ones) stand out.
//
// Only each candidate's counted attempt is used. Items with fewer than
// MinResponses answers are not flagged.
const (
	HealthyFacilityLow  = 0.30
	HealthyFacilityHigh = 0.70
	HealthyDiscriminate = 0.20
	MinResponses        = 5
	upperLowerShare     = 0.27
)

// PaperStats are a paper's results.
type PaperStats struct {
	Paper     Paper        `json:"paper"`
	Assigned  int          `json:"assigned"`
	Completed int          `json:"completed"`
	Passed    int          `json:"passed"`
	PassRate  float64      `json:"passRate"`
	Mean      float64      `json:"mean"`
	Histogram []Bin        `json:"histogram"`
	Units     []UnitMean   `json:"units"`
	Assignees []Assignment `json:"assignees"`
	Items     []ItemStats  `json:"items"`
}

// Bin is one bar of the score histogram: scores in [From, To) percent
// (the last bin includes 100).
type Bin struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"count"`
}

// UnitMean is the mean counted score of a unit's assignees who finished.
type UnitMean struct {
	UnitID    int64   `json:"unitId"`
	UnitName  string  `json:"unitName"`
	Assigned  int     `json:"assigned"`
	Completed int     `json:"completed"`
	Mean      float64 `json:"mean"`
}

// ItemStats are one question's statistics.
type ItemStats struct {
	QuestionID     int64          `json:"questionId"`
	Stem           string         `json:"stem"`
	Type           Type           `json:"type"`
	Responses      int            `json:"responses"`
	Facility       float64        `json:"facility"`
	Discrimination float64        `json:"discrimination"`
	Options        map[string]int `json:"options,omitempty"`
	Flags          []string       `json:"flags"`
	// Parts are a case-analysis question's sub-questions, each with its
	// own facility (mean share of its points) and option counts.
	Parts []PartStats `json:"parts,omitempty"`
}

// PartStats is one sub-question of a case-analysis item in a paper's
// statistics. A short part counts the responses whose grader's score is
// known.
type PartStats struct {
	Type      Type           `json:"type"`
	Stem      string         `json:"stem"`
	Responses int            `json:"responses"`
	Facility  float64        `json:"facility"`
	Options   map[string]int `json:"options,omitempty"`
	share     float64
}

// ComputeStats works out a paper's statistics from its assignees and the
// counted attempts (with items) of those who finished.
func ComputeStats(p Paper, assignees []Assignment, counted []Attempt) PaperStats {
	st := PaperStats{Paper: p, Assigned: len(assignees), Completed: len(counted), Assignees: assignees, Units: []UnitMean{}}
	if st.Assignees == nil {
		st.Assignees = []Assignment{}
	}
	total := p.Total()
	st.Histogram = make([]Bin, 10)
	for i := range st.Histogram {
		st.Histogram[i] = Bin{From: i * 10, To: i*10 + 10}
	}
	sum := 0.0
	for _, a := range counted {
		sum += a.Score
		if a.Score >= p.PassMark {
			st.Passed++
		}
		pct := 0.0
		if a.Total > 0 {
			pct = a.Score / a.Total * 100
		} else if total > 0 {
			pct = a.Score / total * 100
		}
		st.Histogram[min(9, max(0, int(pct/10)))].Count++
	}
	if len(counted) > 0 {
		st.Mean = round2(sum / float64(len(counted)))
		st.PassRate = round2(float64(st.Passed) / float64(len(counted)))
	}
	// units
	unitIdx := map[int64]int{}
	scoreOf := map[int64]float64{}
	for _, a := range counted {
		scoreOf[a.UserID] = a.Score
	}
	for _, as := range assignees {
		i, ok := unitIdx[as.UnitID]
		if !ok {
			i = len(st.Units)
			unitIdx[as.UnitID] = i
			st.Units = append(st.Units, UnitMean{UnitID: as.UnitID, UnitName: as.UnitName})
		}
		u := &st.Units[i]
		u.Assigned++
		if sc, ok := scoreOf[as.UserID]; ok {
			u.Completed++
			u.Mean += sc
		}
	}
	for i := range st.Units {
		if st.Units[i].Completed > 0 {
			st.Units[i].Mean = round2(st.Units[i].Mean / float64(st.Units[i].Completed))
		}
	}
	st.Items = itemStats(counted, p.MultiMode)
	return st
}

func itemStats(counted []Attempt, mode MultiMode) []ItemStats {
	ranked := append([]Attempt(nil), counted...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Score > ranked[j].Score })
	k := int(math.Ceil(float64(len(ranked)) * upperLowerShare))
	upper, lower := map[int64]bool{}, map[int64]bool{}
	for i := 0; i < k && i < len(ranked); i++ {
		upper[ranked[i].ID] = true
		lower[ranked[len(ranked)-1-i].ID] = true
	}
	type acc struct {
		ItemStats
		share, upShare, lowShare float64
		up, low                  int
	}
	idx := map[int64]*acc{}
	var order []int64
	for _, a := range counted {
		for _, it := range a.Items {
			if it.Pending || it.Points <= 0 {
				continue
			}
			x := idx[it.QuestionID]
			if x == nil {
				x = &acc{ItemStats: ItemStats{QuestionID: it.QuestionID, Stem: it.Question.Stem, Type: it.Question.Type}}
				if it.Question.Type.Choice() {
					x.Options = map[string]int{}
					for _, o := range it.Question.Options {
						x.Options[o.Key] = 0
					}
				}
				if it.Question.Type == TypeCase {
					for _, p := range it.Question.Parts {
						ps := PartStats{Type: p.Type, Stem: p.Stem}
						if p.Type.Choice() {
							ps.Options = map[string]int{}
							for _, o := range p.Options {
								ps.Options[o.Key] = 0
							}
						}
						x.Parts = append(x.Parts, ps)
					}
				}
				idx[it.QuestionID] = x
				order = append(order, it.QuestionID)
			}
			if len(x.Parts) > 0 && len(x.Parts) == len(it.Question.Parts) {
				addPartStats(x.Parts, it, mode)
			}
			share := 0.0
			if it.Score != nil {
				share = *it.Score / it.Points
			}
			x.Responses++
			x.share += share
			if upper[a.ID] {
				x.up++
				x.upShare += share
			}
			if lower[a.ID] {
				x.low++
				x.lowShare += share
			}
			if x.Options != nil && it.Response != nil {
				for _, c := range it.Response.Choices {
					x.Options[c]++
				}
			}
		}
	}
	out := make([]ItemStats, 0, len(order))
	for _, id := range order {
		x := idx[id]
		x.Facility = round2(x.share / float64(x.Responses))
		if x.up > 0 && x.low > 0 {
			x.Discrimination = round2(x.upShare/float64(x.up) - x.lowShare/float64(x.low))
		}
		x.Flags = itemFlags(x.Facility, x.Discrimination, x.Responses)
		for i := range x.Parts {
			if p := &x.Parts[i]; p.Responses > 0 {
				p.Facility = round2(p.share / float64(p.Responses))
			}
		}
		out = append(out, x.ItemStats)
	}
	return out
}

// itemFlags names what is outside the healthy ranges.
func itemFlags(facility, discrimination float64, n int) []string {
	flags := []string{}
	if n < MinResponses {
		return flags
	}
	if facility < HealthyFacilityLow {
		flags = append(flags, "too_hard")
	}
	if facility > HealthyFacilityHigh {
		flags = append(flags, "too_easy")
	}
	if discrimination < 0 {
		flags = append(flags, "negative_discrimination")
	} else if discrimination < HealthyDiscriminate {
		flags = append(flags, "low_discrimination")
	}
	return flags
}

// Stats loads and computes a paper's statistics.
func (s *Service) Stats(ctx context.Context, paperID int64) (PaperStats, error) {
	p, err := s.store.Paper(ctx, paperID)
	if err != nil {
		return PaperStats{}, err
	}
	as, err := s.Assignments(ctx, paperID) // closes expired attempts too
	if err != nil {
		return PaperStats{}, err
	}
	all, err := s.store.Attempts(ctx, paperID, 0)
	if err != nil {
		return PaperStats{}, err
	}
	byUser := map[int64][]Attempt{}
	for _, a := range all {
		byUser[a.UserID] = append(byUser[a.UserID], a)
	}
	var ids []int64
	for _, mine := range byUser {
		if c := countedAttempt(p, mine); c != nil {
			ids = append(ids, c.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	counted, err := s.store.AttemptsWithItems(ctx, ids)
	if err != nil {
		return PaperStats{}, err
	}
	return ComputeStats(p, as, counted), nil
}

// countedAttempt picks the attempt that counts (attempts newest first).
func countedAttempt(p Paper, attempts []Attempt) *Attempt {
	var out *Attempt
	for i := range attempts {
		a := &attempts[i]
		if a.Status == AttemptOpen {
			continue
		}
		if out == nil {
			out = a
			if p.Counting == CountLast {
				return out
			}
		} else if a.Score > out.Score {
			out = a
		}
	}
	return out
}

// PersonStats is a person's strengths and weaknesses by law and domain
// over all their closed attempts.
type PersonStats struct {
	UserID   int64   `json:"userId"`
	Attempts int     `json:"attempts"`
	ByLaw    []Share `json:"byLaw"`
	ByDomain []Share `json:"byDomain"`
}

// PersonStats sums a person's closed attempts by law and domain, for
// organizers.
func (s *Service) PersonStats(ctx context.Context, userID int64) (PersonStats, error) {
	return s.personStats(ctx, userID, false)
}

// MyStats is PersonStats as the person sees it: items whose keys are held
// for them (KeyVisibility) are left out, since their laws are citations
// and their marks say what was right.
func (s *Service) MyStats(ctx context.Context, userID int64) (PersonStats, error) {
	return s.personStats(ctx, userID, true)
}

func (s *Service) personStats(ctx context.Context, userID int64, own bool) (PersonStats, error) {
	as, err := s.closeExpired(ctx, 0, userID)
	if err != nil {
		return PersonStats{}, err
	}
	ps := PersonStats{UserID: userID}
	var ids []int64
	for _, a := range as {
		if a.Status != AttemptOpen {
			ids = append(ids, a.ID)
		}
	}
	full, err := s.store.AttemptsWithItems(ctx, ids)
	if err != nil {
		return PersonStats{}, err
	}
	var vis KeyVisibility
	if own {
		if vis, err = s.KeyVisibility(ctx, userID); err != nil {
			return PersonStats{}, err
		}
	}
	var items []AttemptItem
	for _, a := range full {
		ps.Attempts++
		for _, it := range a.Items {
			if !own || vis.CanSeeKey(it.QuestionID) {
				items = append(items, it)
			}
		}
	}
	ps.ByLaw, ps.ByDomain = breakdown(items)
	return ps, nil
}

// addPartStats adds one graded case-analysis item to its parts' counts:
// choice parts are marked again from the response (GradeParts), short
// parts take the grader's scores (AttemptItem.PartScores); an item graded
// before those were kept gives its one short part what the choice parts
// leave of its score, and several short parts nothing.
func addPartStats(parts []PartStats, it AttemptItem, mode MultiMode) {
	var r Response
	if it.Response != nil {
		r = *it.Response
	}
	marks := GradeParts(it.Question, r, it.Points, mode)
	short := countPending(marks)
	rest := 0.0
	if it.Score != nil {
		rest = *it.Score
	}
	for _, m := range marks {
		if !m.Pending {
			rest -= m.Score
		}
	}
	k := 0
	for i, m := range marks {
		p := &parts[i]
		score := m.Score
		if m.Pending {
			switch {
			case k < len(it.PartScores):
				score = it.PartScores[k]
			case it.PartScores == nil && short == 1:
				score = max(0, rest)
			default:
				k++
				continue
			}
			k++
		}
		p.Responses++
		if m.Points > 0 {
			p.share += score / m.Points
		}
		if p.Options != nil && i < len(r.Parts) {
			for _, c := range r.Parts[i].Choices {
				p.Options[c]++
			}
		}
	}
}
