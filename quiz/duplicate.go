package quiz

import (
	"sort"
	"strings"
	"unicode"
)

// Near-duplicate detection compares normalized stems (width-folded, lower
// case, letters and digits only) by the Jaccard similarity of their
// character bigrams. Two stems at or above DuplicateThreshold are near
// duplicates; identical normalized stems score 1.
const DuplicateThreshold = 0.8

// maxCandidates bounds the stems verified per lookup, so a file of
// template-like stems ("下列说法正确的是…") stays linear. Identical
// normalized stems are always found; beyond the bound, near duplicates
// sharing only common bigrams may be missed.
const maxCandidates = 256

// bigramList returns the distinct character bigrams of a normalized stem
// in order; a one-character stem is its own gram, and an empty one (a
// stem of symbols only) has none.
func bigramList(norm string) []string {
	r := []rune(norm)
	if len(r) == 0 {
		return nil
	}
	if len(r) == 1 {
		return []string{norm}
	}
	seen := make(map[string]bool, len(r))
	out := make([]string, 0, len(r))
	for i := 0; i+1 < len(r); i++ {
		g := string(r[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

func bigrams(norm string) map[string]struct{} {
	out := map[string]struct{}{}
	for _, g := range bigramList(norm) {
		out[g] = struct{}{}
	}
	return out
}

// exactKey is what identical stems share: the normalized stem, or for a
// stem without letters and digits ("？？？", "（　　）") the stem without
// white space and format characters; "" for a stem with nothing visible.
func exactKey(stem, norm string) string {
	if norm != "" {
		return norm
	}
	var b strings.Builder
	for _, r := range stem {
		if r = fold(r); !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\x00" + b.String() // never equal to a normalized stem
}

// Similarity returns the bigram Jaccard similarity of two stems, 0–1.
// Stems without letters and digits are similar only when identical.
func Similarity(a, b string) float64 {
	na, nb := normalizeStem(a), normalizeStem(b)
	if na == "" || nb == "" {
		if k := exactKey(a, na); k != "" && k == exactKey(b, nb) {
			return 1
		}
		return 0
	}
	if na == nb {
		return 1
	}
	return jaccard(bigrams(na), bigrams(nb))
}

func jaccard(a, b map[string]struct{}) float64 {
	inter := 0
	for g := range a {
		if _, ok := b[g]; ok {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Match is a near duplicate found for a stem.
type Match struct {
	ID         int64   `json:"id"`
	Stem       string  `json:"stem"`
	Similarity float64 `json:"similarity"`
}

// DupIndex finds near duplicates among many stems without comparing every
// pair, by prefix filtering: bigrams are ordered rarest first (by a
// frequency table fixed with Prepare), and two stems with Jaccard ≥ t must
// share one of the first |x| − ⌈t·|x|⌉ + 1 bigrams of each. Only those
// prefixes are indexed; candidates are then verified exactly.
type DupIndex struct {
	threshold float64
	freq      map[string]int
	stems     map[int64]string
	grams     map[int64]map[string]struct{}
	post      map[string][]int64
	exact     map[string][]int64
}

// NewDupIndex returns an empty index for DuplicateThreshold.
func NewDupIndex() *DupIndex {
	return &DupIndex{threshold: DuplicateThreshold, freq: map[string]int{}, stems: map[int64]string{},
		grams: map[int64]map[string]struct{}{}, post: map[string][]int64{}, exact: map[string][]int64{}}
}

// Prepare counts the bigrams of every stem that will be added or looked
// up, so the rarest-first order is known. Call it before Add; stems not
// prepared still work (their unseen bigrams count as rarest).
func (x *DupIndex) Prepare(stems ...string) {
	for _, s := range stems {
		for _, g := range bigramList(normalizeStem(s)) {
			x.freq[g]++
		}
	}
}

// prefix returns the bigrams a matching stem must share, rarest first:
// none for a stem without grams, which matches nothing.
func (x *DupIndex) prefix(gs []string) []string {
	if len(gs) == 0 {
		return nil
	}
	sort.Slice(gs, func(i, j int) bool {
		fi, fj := x.freq[gs[i]], x.freq[gs[j]]
		if fi != fj {
			return fi < fj
		}
		return gs[i] < gs[j]
	})
	n := len(gs)
	p := n - int(ceilF(x.threshold*float64(n))) + 1
	return gs[:max(1, min(n, p))] // 1 ≤ length ≤ n, as n ≥ 1
}

func ceilF(f float64) float64 {
	i := float64(int(f))
	if f > i {
		return i + 1
	}
	return i
}

// Add indexes a stem under id.
func (x *DupIndex) Add(id int64, stem string) {
	norm := normalizeStem(stem)
	gs := bigramList(norm)
	x.stems[id] = stem
	set := make(map[string]struct{}, len(gs))
	for _, g := range gs {
		set[g] = struct{}{}
	}
	x.grams[id] = set
	if k := exactKey(stem, norm); k != "" {
		x.exact[k] = append(x.exact[k], id)
	}
	for _, g := range x.prefix(gs) {
		x.post[g] = append(x.post[g], id)
	}
}

// Find returns the indexed stems at or above the threshold, most similar
// first.
func (x *DupIndex) Find(stem string, threshold float64) []Match {
	norm := normalizeStem(stem)
	key := exactKey(stem, norm)
	if key == "" {
		return nil
	}
	gs := bigramList(norm)
	g := make(map[string]struct{}, len(gs))
	for _, k := range gs {
		g[k] = struct{}{}
	}
	seen := map[int64]bool{}
	var out []Match
	for _, id := range x.exact[key] {
		seen[id] = true
		out = append(out, Match{ID: id, Stem: x.stems[id], Similarity: 1})
	}
	checked := 0
scan:
	for _, k := range x.prefix(gs) {
		for i := len(x.post[k]) - 1; i >= 0; i-- { // newest first
			id := x.post[k][i]
			if seen[id] {
				continue
			}
			seen[id] = true
			if checked++; checked > maxCandidates {
				break scan
			}
			if s := jaccard(g, x.grams[id]); s >= threshold {
				out = append(out, Match{ID: id, Stem: x.stems[id], Similarity: round2(s)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Similarity != out[j].Similarity {
			return out[i].Similarity > out[j].Similarity
		}
		return out[i].ID < out[j].ID
	})
	return out
}
