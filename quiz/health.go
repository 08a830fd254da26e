package quiz

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Bank health (题库体检): a report over a set of questions of what a
// careful examiner, or a candidate gaming the test, would find. Health is
// a pure function; Service.Health loads its input.

// FindingKind names a kind of finding.
type FindingKind string

const (
	FindStemLeak       FindingKind = "stem_leak"        // the stem gives the key away
	FindCrossLeak      FindingKind = "cross_leak"       // another question gives the key away
	FindAllCorrect     FindingKind = "all_correct"      // multiple choice with every option keyed
	FindLongestKey     FindingKind = "longest_key"      // the single longest option is the (single) key
	FindThin           FindingKind = "thin_explanation" // the explanation names the article only
	FindDuplicate      FindingKind = "duplicate"        // a near-duplicate stem
	FindOutdated       FindingKind = "outdated_citation"
	FindNeverAnswered  FindingKind = "never_answered"
	FindExtremeItem    FindingKind = "extreme_statistics" // too easy, too hard, or discriminating the wrong way
	FindKeyImbalance   FindingKind = "key_imbalance"      // a bank-wide pattern (no single question)
	FindTrueFalseSkew  FindingKind = "truefalse_skew"
	FindLongestPattern FindingKind = "longest_pattern"
)

// FindingKinds lists every kind in display order.
var FindingKinds = []FindingKind{FindStemLeak, FindCrossLeak, FindAllCorrect, FindLongestKey, FindThin, FindDuplicate,
	FindOutdated, FindNeverAnswered, FindExtremeItem, FindKeyImbalance, FindTrueFalseSkew, FindLongestPattern}

// Thresholds of the patterns.
const (
	// MaxAllCorrectShare is the most multiple-choice questions with every
	// option keyed a healthy bank has.
	MaxAllCorrectShare = 0.15
	// thinRunes: an explanation with fewer letters and digits than this,
	// once article numbers, law names and connecting words are removed,
	// says no rule.
	thinRunes = 6
	// patternMin is how many questions of a type a pattern needs before it
	// is judged.
	patternMin = 12
	// skewShare: a key letter (or true/false side, or the longest option)
	// more common than this share is flagged.
	skewShare = 0.5
	// duplicateFindThreshold flags near-duplicates.
	duplicateFindThreshold = DuplicateThreshold
)

// Finding is one thing the report found. Key identifies it across runs
// (it includes the revisions, so editing a question reopens its findings)
// and is what a dismissal names.
type Finding struct {
	Key        string      `json:"key"`
	Kind       FindingKind `json:"kind"`
	QuestionID int64       `json:"questionId,omitempty"`
	Stem       string      `json:"stem,omitempty"`
	// OtherID is the other question of a pair (the leaker, the duplicate).
	OtherID   int64  `json:"otherId,omitempty"`
	OtherStem string `json:"otherStem,omitempty"`
	// Detail is the leaked text, the similarity, the figures of a pattern.
	Detail    string     `json:"detail"`
	Dismissal *Dismissal `json:"dismissal,omitempty"`
}

// Dismissal records that a person judged a finding acceptable.
type Dismissal struct {
	Key    string    `json:"key"`
	Reason string    `json:"reason"`
	By     int64     `json:"by"`
	ByName string    `json:"byName,omitempty"`
	At     time.Time `json:"at"`
}

// Usage is a question's answer statistics over every counted attempt.
type Usage struct {
	Responses      int     `json:"responses"`
	Facility       float64 `json:"facility"`
	Discrimination float64 `json:"discrimination"`
}

// HealthInput is what the report reads.
type HealthInput struct {
	Questions []Question
	Laws      []Law
	// Usage per question; nil means statistics were not asked for (no
	// never-answered or extreme findings).
	Usage     map[int64]Usage
	Dismissed map[string]Dismissal
}

// Patterns are the bank-wide figures behind the pattern findings.
type Patterns struct {
	// Keys counts, per choice type, how often each letter is keyed.
	Keys map[Type]map[string]int `json:"keys"`
	// True and False count the true/false keys.
	True  int `json:"true"`
	False int `json:"false"`
	// Multiple is the number of multiple-choice questions, AllCorrect
	// those with every option keyed.
	Multiple   int `json:"multiple"`
	AllCorrect int `json:"allCorrect"`
	// Single is the number of single-choice questions with a unique
	// longest option, LongestKey those where it is the key.
	Single     int `json:"single"`
	LongestKey int `json:"longestKey"`
}

// HealthReport is the result.
type HealthReport struct {
	Questions int                 `json:"questions"`
	Findings  []Finding           `json:"findings"`
	Counts    map[FindingKind]int `json:"counts"`    // open findings per kind
	Dismissed map[FindingKind]int `json:"dismissed"` // dismissed findings per kind
	Patterns  Patterns            `json:"patterns"`
}

// Open returns the findings not dismissed.
func (r HealthReport) Open() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Dismissal == nil {
			out = append(out, f)
		}
	}
	return out
}

func qkey(q Question) string { return fmt.Sprintf("%d@%d", q.ID, q.Revision) }

// Health runs every check over in.Questions.
func Health(in HealthInput) HealthReport {
	rep := HealthReport{Questions: len(in.Questions), Findings: []Finding{}, Counts: map[FindingKind]int{}, Dismissed: map[FindingKind]int{},
		Patterns: Patterns{Keys: map[Type]map[string]int{}}}
	byID := make(map[int64]Question, len(in.Questions))
	for _, q := range in.Questions {
		byID[q.ID] = q
	}
	add := func(f Finding) {
		if d, ok := in.Dismissed[f.Key]; ok {
			d := d
			f.Dismissal = &d
			rep.Dismissed[f.Kind]++
		} else {
			rep.Counts[f.Kind]++
		}
		rep.Findings = append(rep.Findings, f)
	}
	one := func(kind FindingKind, q Question, detail string) {
		add(Finding{Key: string(kind) + ":" + qkey(q), Kind: kind, QuestionID: q.ID, Stem: q.Stem, Detail: detail})
	}
	pair := func(kind FindingKind, q, o Question, detail string) {
		add(Finding{Key: string(kind) + ":" + qkey(q) + ":" + qkey(o), Kind: kind, QuestionID: q.ID, Stem: q.Stem,
			OtherID: o.ID, OtherStem: o.Stem, Detail: detail})
	}
	current := map[int64]int64{}
	for _, l := range in.Laws {
		if v, ok := l.Current(); ok {
			current[l.ID] = v.ID
		}
	}
	p := &rep.Patterns
	for _, q := range in.Questions {
		if leaked := StemLeak(q); len(leaked) > 0 {
			one(FindStemLeak, q, strings.Join(leaked, "；"))
		}
		if q.Type == TypeCase {
			// the narrative holds no key and no explanation: each part is
			// judged, its stem read after the narrative
			var leaked, thin []string
			for i, pq := range caseParts(q) {
				for _, l := range StemLeak(Question{Type: pq.Type, Stem: q.Stem + "\n" + pq.Stem, Options: pq.Options, Answer: pq.Answer}) {
					leaked = append(leaked, fmt.Sprintf("%d: %s", i+1, l))
				}
				if ThinExplanation(pq.Explanation) {
					thin = append(thin, fmt.Sprintf("%d: %s", i+1, pq.Explanation))
				}
			}
			if len(leaked) > 0 {
				one(FindStemLeak, q, strings.Join(leaked, "；"))
			}
			if len(thin) > 0 {
				one(FindThin, q, strings.Join(thin, "；"))
			}
		}
		switch q.Type {
		case TypeMultiple:
			p.Multiple++
			if len(q.Options) > 1 && len(q.Answer.Choices) == len(q.Options) {
				p.AllCorrect++
				one(FindAllCorrect, q, strings.Join(q.Answer.Choices, ""))
			}
		case TypeSingle:
			if k, ok := longestOption(q); ok {
				p.Single++
				if keyed(q, k) {
					p.LongestKey++
					one(FindLongestKey, q, k)
				}
			}
		case TypeTrueFalse:
			if q.Answer.True != nil {
				if *q.Answer.True {
					p.True++
				} else {
					p.False++
				}
			}
		}
		if q.Type.Choice() {
			if p.Keys[q.Type] == nil {
				p.Keys[q.Type] = map[string]int{}
			}
			for _, c := range q.Answer.Choices {
				p.Keys[q.Type][c]++
			}
		}
		if q.Type != TypeCase && ThinExplanation(q.Explanation) {
			one(FindThin, q, q.Explanation)
		}
		if cur, ok := current[q.Citation.LawID]; q.Status == StatusNeedsReview || (ok && q.Citation.VersionID != 0 && q.Citation.VersionID != cur) {
			one(FindOutdated, q, q.Citation.String())
		}
		if in.Usage != nil && q.Status == StatusActive {
			u := in.Usage[q.ID]
			if u.Responses == 0 {
				one(FindNeverAnswered, q, "")
			} else if flags := extremeFlags(u); len(flags) > 0 {
				one(FindExtremeItem, q, fmt.Sprintf("%s (n=%d, facility %.2f, discrimination %.2f)", strings.Join(flags, ","), u.Responses, u.Facility, u.Discrimination))
			}
		}
	}
	for _, l := range CrossLeaks(in.Questions) {
		pair(FindCrossLeak, byID[l.QuestionID], byID[l.By], l.Key)
	}
	for _, d := range duplicatePairs(in.Questions) {
		pair(FindDuplicate, byID[d.a], byID[d.b], fmt.Sprintf("%.2f", d.sim))
	}
	patternFindings(p, add)
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		return kindOrder(rep.Findings[i].Kind) < kindOrder(rep.Findings[j].Kind)
	})
	return rep
}

func kindOrder(k FindingKind) int {
	for i, x := range FindingKinds {
		if x == k {
			return i
		}
	}
	return len(FindingKinds)
}

// extremeFlags are the item flags of the statistics page that mark an
// extreme item: nearly everyone right or wrong, or weak candidates doing
// better than strong ones.
func extremeFlags(u Usage) []string {
	var out []string
	for _, f := range itemFlags(u.Facility, u.Discrimination, u.Responses) {
		if f != "low_discrimination" {
			out = append(out, f)
		}
	}
	return out
}

// longestOption returns the key of the option strictly longer (in runes)
// than every other, if there is one.
func longestOption(q Question) (string, bool) {
	best, bestN, tie := "", -1, false
	for _, o := range q.Options {
		n := len([]rune(normalizeStem(o.Text)))
		switch {
		case n > bestN:
			best, bestN, tie = o.Key, n, false
		case n == bestN:
			tie = true
		}
	}
	return best, best != "" && !tie && len(q.Options) > 1
}

// patternFindings adds the bank-wide findings of the patterns.
func patternFindings(p *Patterns, add func(Finding)) {
	if p.Multiple >= patternMin && float64(p.AllCorrect) > MaxAllCorrectShare*float64(p.Multiple) {
		// the per-question findings say which; this one says the share
		add(Finding{Key: "all_correct_share", Kind: FindAllCorrect, Detail: fmt.Sprintf("%d/%d", p.AllCorrect, p.Multiple)})
	}
	if n := p.True + p.False; n >= patternMin {
		if hi := max(p.True, p.False); float64(hi) > (skewShare+0.15)*float64(n) {
			add(Finding{Key: fmt.Sprintf("truefalse_skew:%d:%d", p.True, p.False), Kind: FindTrueFalseSkew, Detail: fmt.Sprintf("%d/%d", p.True, p.False)})
		}
	}
	if single := p.Keys[TypeSingle]; single != nil {
		n := 0
		for _, c := range single {
			n += c
		}
		letters := make([]string, 0, len(single))
		for l := range single {
			letters = append(letters, l)
		}
		sort.Strings(letters)
		for _, l := range letters {
			if n >= patternMin && float64(single[l]) > skewShare*float64(n) {
				add(Finding{Key: fmt.Sprintf("key_imbalance:%s:%d:%d", l, single[l], n), Kind: FindKeyImbalance, Detail: fmt.Sprintf("%s %d/%d", l, single[l], n)})
			}
		}
	}
	if p.Single >= patternMin && float64(p.LongestKey) > skewShare*float64(p.Single) {
		add(Finding{Key: fmt.Sprintf("longest_pattern:%d:%d", p.LongestKey, p.Single), Kind: FindLongestPattern, Detail: fmt.Sprintf("%d/%d", p.LongestKey, p.Single)})
	}
}

var (
	thinArticleRe = regexp.MustCompile(`第[零〇一二三四五六七八九十百千\d]+[条款项目]|《[^》]*》`)
	thinWords     = []string{"作了上述规定", "作出了上述规定", "上述规定", "作了规定", "有明确规定", "明确规定", "规定", "根据", "依据", "依照", "按照", "参见", "见", "本法", "本条例", "本规定", "本办法", "的", "和", "及", "之"}
)

// ThinExplanation reports whether an explanation only names an article
// ("第二十条作了上述规定") instead of stating the rule.
func ThinExplanation(e string) bool {
	s := thinArticleRe.ReplaceAllString(e, " ")
	for _, w := range thinWords {
		s = strings.ReplaceAll(s, w, " ")
	}
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n < thinRunes
}

type dupPair struct {
	a, b int64
	sim  float64
}

// duplicatePairs finds the near-duplicate pairs with the detector of
// Service.Duplicates, each pair once (lower ID first).
func duplicatePairs(qs []Question) []dupPair {
	x := NewDupIndex()
	for _, q := range qs {
		x.Prepare(q.Stem)
	}
	var out []dupPair
	ordered := append([]Question(nil), qs...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].ID < ordered[j].ID })
	for _, q := range ordered {
		for _, m := range x.Find(q.Stem, duplicateFindThreshold) {
			if m.ID != q.ID {
				out = append(out, dupPair{a: m.ID, b: q.ID, sim: m.Similarity})
			}
		}
		x.Add(q.ID, q.Stem)
	}
	return out
}
