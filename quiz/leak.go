package quiz

import (
	"regexp"
	"sort"
	"strings"
)

// Leak detection (题库体检). A question's key is "leaked" when its words
// can be read off the paper instead of recalled:
//
//   - by its own stem: a fill-in answer, or the text of a choice key that
//     no distractor shares, appears in the stem outside the blank
//     (演出组织者组织演出，由该____取得… → 组织者);
//   - by another question: the key together with the words next to its
//     blank (LeakContext runes on one side, after normalizing) appears in
//     the other question's stem or options (…罚款数额的（ ）加处罚款 with
//     the key 百分之三, and another question's option "每日按罚款数额的
//     百分之三加处罚款").
//
// Texts compare normalized as for duplicates (letters and digits only,
// width-folded, lower case). Keys shorter than MinLeakRunes are ignored.
const (
	MinLeakRunes = 2
	LeakContext  = 2
	// loneKeyRunes is how long a key must be to count alone, when its
	// statement gives it no context (a stem that is only a blank).
	loneKeyRunes = 4
	// minProbeRunes: a short key takes more context, so that a common
	// word (执行, 发生) next to any two runes is not taken for a leak.
	minProbeRunes = 6
)

// blankRe matches a blank of a stem: three or more underscores, or empty
// brackets.
var blankRe = regexp.MustCompile(`_{2,}|＿{2,}|[（(][\s　]*[)）]`)

// keyTexts returns the texts of q's key that a candidate would have to
// recall: each fill-in blank's first variant, or each choice key's option
// text. True/false and short answers have none.
func keyTexts(q Question) []string {
	switch {
	case q.Type == TypeFill:
		out := make([]string, 0, len(q.Answer.Blanks))
		for _, b := range q.Answer.Blanks {
			if len(b) > 0 {
				out = append(out, b[0])
			} else {
				out = append(out, "")
			}
		}
		return out
	case q.Type.Choice():
		var out []string
		for _, o := range q.Options {
			if keyed(q, o.Key) {
				out = append(out, o.Text)
			}
		}
		return out
	}
	return nil
}

func keyed(q Question, key string) bool {
	for _, c := range q.Answer.Choices {
		if c == key {
			return true
		}
	}
	return false
}

// StemLeak returns the key texts of q that its own stem gives away, in key
// order, or nil.
func StemLeak(q Question) []string {
	stem := normalizeStem(blankRe.ReplaceAllString(q.Stem, " "))
	if stem == "" {
		return nil
	}
	var out []string
	switch {
	case q.Type == TypeFill:
		for _, b := range q.Answer.Blanks {
			for _, v := range b {
				if n := normalizeStem(v); len([]rune(n)) >= MinLeakRunes && strings.Contains(stem, n) {
					out = append(out, v)
					break
				}
			}
		}
	case q.Type.Choice():
		for _, o := range q.Options {
			if keyed(q, o.Key) {
				continue
			}
			if n := normalizeStem(o.Text); n != "" && strings.Contains(stem, n) {
				return nil // the stem names a distractor too: no give-away
			}
		}
		for _, t := range keyTexts(q) {
			if n := normalizeStem(t); len([]rune(n)) >= MinLeakRunes && strings.Contains(stem, n) {
				out = append(out, t)
			}
		}
	}
	return out
}

// leakProbes returns, per key text of q, the normalized strings whose
// presence in another question's text gives that key away: the key with
// LeakContext runes of its statement before it, and with LeakContext runes
// after it. The statement is the stem with its blanks filled by the key
// (a choice stem without a blank is followed by the key).
func leakProbes(q Question) [][]string {
	keys := keyTexts(q)
	if len(keys) == 0 {
		return nil
	}
	parts := blankRe.Split(q.Stem, -1)
	fill := func(i int) string { // what goes in blank i
		if q.Type == TypeFill {
			if i < len(keys) {
				return keys[i]
			}
			return ""
		}
		return strings.Join(keys, "、")
	}
	// build the normalized statement, remembering where each key starts
	type span struct{ at, n int }
	var b []rune
	spans := map[string]span{}
	for i, p := range parts {
		b = append(b, []rune(normalizeStem(p))...)
		if i == len(parts)-1 && (len(parts) > 1 || !q.Type.Choice()) {
			break
		}
		if q.Type == TypeFill {
			k := normalizeStem(fill(i))
			if _, ok := spans[fill(i)]; !ok {
				spans[fill(i)] = span{len(b), len([]rune(k))}
			}
			b = append(b, []rune(k)...)
			continue
		}
		for _, t := range keys {
			if _, ok := spans[t]; !ok {
				k := normalizeStem(t)
				spans[t] = span{len(b), len([]rune(k))}
				b = append(b, []rune(k)...)
			}
		}
	}
	out := make([][]string, len(keys))
	for i, t := range keys {
		s, ok := spans[t]
		if !ok || s.n < MinLeakRunes {
			continue
		}
		key := string(b[s.at : s.at+s.n])
		ctx := max(LeakContext, minProbeRunes-s.n)
		lo, hi := max(0, s.at-ctx), min(len(b), s.at+s.n+ctx)
		var probes []string
		// a side cut short by the statement's end is no probe: "五十年"
		// alone would match every other term of fifty years
		if s.at-lo == ctx {
			probes = append(probes, string(b[lo:s.at+s.n]))
		}
		if hi-(s.at+s.n) == ctx {
			probes = append(probes, string(b[s.at:hi]))
		}
		if len(probes) == 0 && s.n >= loneKeyRunes {
			probes = append(probes, key)
		}
		out[i] = probes
	}
	return out
}

// questionText is what a candidate reads of q: its stem and options,
// normalized, separated so that no probe spans two of them.
func questionText(q Question) []string {
	out := []string{normalizeStem(blankRe.ReplaceAllString(q.Stem, " "))}
	for _, o := range q.Options {
		out = append(out, normalizeStem(o.Text))
	}
	return out
}

// CrossLeak is one question's key given away by another question.
type CrossLeak struct {
	// QuestionID's key text Key is given away by the text of By.
	QuestionID int64  `json:"questionId"`
	By         int64  `json:"by"`
	Key        string `json:"key"`
}

// CrossLeaks finds every pair of questions of qs where one gives away the
// other's key, ordered by question then by the giver.
//
// A case-analysis question takes part as its sub-questions (each with the
// case's ID, so parts of one case are never weighed against each other):
// a part's key may be given away by another question, and the narrative
// and every part's stem and options may give another question's key away.
func CrossLeaks(qs []Question) []CrossLeak {
	qs = expandCases(qs)
	texts := make([][]string, len(qs))
	for i, q := range qs {
		texts[i] = questionText(q)
	}
	var out []CrossLeak
	for i, q := range qs {
		keys := keyTexts(q)
		for k, probes := range leakProbes(q) {
			if len(probes) == 0 {
				continue
			}
			for j, o := range qs {
				if i == j || o.ID == q.ID || !sameLaw(q.Citation, o.Citation) {
					continue
				}
				if containsAny(texts[j], probes) {
					out = append(out, CrossLeak{QuestionID: q.ID, By: o.ID, Key: keys[k]})
				}
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].QuestionID != out[b].QuestionID {
			return out[a].QuestionID < out[b].QuestionID
		}
		return out[a].By < out[b].By
	})
	// one finding per pair and key
	return dedupLeaks(out)
}

// sameLaw: leaks are looked for within a law, since the same words in
// another law (a fine of 5万元) say nothing about this one's key.
func sameLaw(a, b Citation) bool {
	if a.LawID != 0 && b.LawID != 0 {
		return a.LawID == b.LawID
	}
	return a.LawName == b.LawName
}

func dedupLeaks(in []CrossLeak) []CrossLeak {
	seen := map[CrossLeak]bool{}
	out := in[:0]
	for _, l := range in {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

func containsAny(texts, probes []string) bool {
	for _, t := range texts {
		for _, p := range probes {
			if p != "" && strings.Contains(t, p) {
				return true
			}
		}
	}
	return false
}

// LeakConflicts turns leaks into the pairs that must not share a paper or
// a contest: for each question, the questions it must not meet.
func LeakConflicts(leaks []CrossLeak) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, l := range leaks {
		if l.QuestionID == l.By {
			continue
		}
		out[l.QuestionID] = appendUnique(out[l.QuestionID], l.By)
		out[l.By] = appendUnique(out[l.By], l.QuestionID)
	}
	return out
}

func appendUnique(s []int64, id int64) []int64 {
	for _, x := range s {
		if x == id {
			return s
		}
	}
	return append(s, id)
}

// caseParts returns the parts of a case-analysis question as questions of
// their own, with the case's ID and revision.
func caseParts(q Question) []Question {
	out := make([]Question, 0, len(q.Parts))
	for _, p := range q.Parts {
		out = append(out, Question{ID: q.ID, Revision: q.Revision, Type: p.Type, Stem: p.Stem, Options: p.Options,
			Answer: p.Answer, Explanation: p.Explanation, Citation: p.Citation, Status: q.Status})
	}
	return out
}

// expandCases replaces each case-analysis question of qs by its narrative
// (a question without a key, under the case's citation) and its parts.
func expandCases(qs []Question) []Question {
	n := 0
	for _, q := range qs {
		if q.Type == TypeCase {
			n++
		}
	}
	if n == 0 {
		return qs
	}
	out := make([]Question, 0, len(qs)+4*n)
	for _, q := range qs {
		if q.Type != TypeCase {
			out = append(out, q)
			continue
		}
		out = append(out, Question{ID: q.ID, Revision: q.Revision, Type: TypeCase, Stem: q.Stem, Citation: q.Citation, Status: q.Status})
		out = append(out, caseParts(q)...)
	}
	return out
}
