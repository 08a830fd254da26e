package quiz

import (
	"math"
	"slices"
	"strings"
)

// MultiMode says how a multiple-choice answer is marked.
type MultiMode string

const (
	// MultiAllOrNothing gives the points only for exactly the right set.
	MultiAllOrNothing MultiMode = "all_or_nothing"
	// MultiPartial gives, for a correct proper subset with no wrong
	// option, the share of the correct options chosen (2 of 4 → half);
	// any wrong option gives nothing.
	MultiPartial MultiMode = "partial"
)

// Valid reports whether m is a known mode.
func (m MultiMode) Valid() bool { return m == MultiAllOrNothing || m == MultiPartial }

// Mark is the outcome of grading one response.
type Mark struct {
	Score   float64 `json:"score"`
	Correct bool    `json:"correct"`
	// Pending is set when a person must grade or confirm (short answers).
	Pending bool `json:"pending"`
}

// Grade marks r against q's key for the given points. Empty responses
// score nothing. Short answers are pending: with keywords the score is
// the share of keywords found, for a person to confirm; without, zero.
func Grade(q Question, r Response, points float64, mode MultiMode) Mark {
	switch q.Type {
	case TypeSingle, TypeMultiple:
		return gradeChoices(q.Answer.Choices, r.Choices, points, q.Type == TypeMultiple && mode == MultiPartial)
	case TypeTrueFalse:
		if r.True != nil && q.Answer.True != nil && *r.True == *q.Answer.True {
			return Mark{Score: points, Correct: true}
		}
		return Mark{}
	case TypeFill:
		return gradeBlanks(q.Answer.Blanks, r.Blanks, points)
	case TypeShort:
		m := Mark{Pending: true}
		if len(q.Answer.Keywords) > 0 && strings.TrimSpace(r.Text) != "" {
			text := normalizeBlank(r.Text)
			hit := 0
			for _, k := range q.Answer.Keywords {
				if k = normalizeBlank(k); k != "" && strings.Contains(text, k) {
					hit++
				}
			}
			m.Score = round2(points * float64(hit) / float64(len(q.Answer.Keywords)))
			m.Correct = hit == len(q.Answer.Keywords)
		}
		return m
	case TypeCase:
		return gradeCase(q, r, points, mode)
	}
	return Mark{}
}

func gradeChoices(key, got []string, points float64, partial bool) Mark {
	want := map[string]bool{}
	for _, k := range key {
		want[strings.ToUpper(k)] = true
	}
	seen := map[string]bool{}
	right := 0
	for _, g := range got {
		g = strings.ToUpper(strings.TrimSpace(Fold(g)))
		if g == "" || seen[g] {
			continue
		}
		seen[g] = true
		if !want[g] {
			return Mark{}
		}
		right++
	}
	switch {
	case right == 0:
		return Mark{}
	case right == len(want):
		return Mark{Score: points, Correct: true}
	case partial:
		return Mark{Score: round2(points * float64(right) / float64(len(want)))}
	}
	return Mark{}
}

func gradeBlanks(key [][]string, got []string, points float64) Mark {
	if len(key) == 0 {
		return Mark{}
	}
	right := 0
	for i, variants := range key {
		if i >= len(got) {
			break
		}
		g := normalizeBlank(got[i])
		if g == "" {
			continue
		}
		if slices.ContainsFunc(variants, func(v string) bool { return normalizeBlank(v) == g }) {
			right++
		}
	}
	if right == len(key) {
		return Mark{Score: points, Correct: true}
	}
	return Mark{Score: round2(points * float64(right) / float64(len(key)))}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
