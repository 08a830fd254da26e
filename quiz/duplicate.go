package quiz

import "sort"

// Near-duplicate detection compares normalized stems (width-folded, lower
// case, letters and digits only) by the Jaccard similarity of their
// character bigrams. Two stems at or above DuplicateThreshold are near
// duplicates; identical normalized stems score 1.
const DuplicateThreshold = 0.8

func bigrams(norm string) map[string]struct{} {
	r := []rune(norm)
	out := make(map[string]struct{}, len(r))
	if len(r) == 1 {
		out[norm] = struct{}{}
	}
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])] = struct{}{}
	}
	return out
}

// Similarity returns the bigram Jaccard similarity of two stems, 0–1.
func Similarity(a, b string) float64 {
	na, nb := normalizeStem(a), normalizeStem(b)
	if na == "" || nb == "" {
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
// pair: an inverted index of bigrams yields the candidates sharing enough
// bigrams, and only those are scored.
type DupIndex struct {
	stems map[int64]string
	grams map[int64]map[string]struct{}
	post  map[string][]int64
}

// NewDupIndex returns an empty index.
func NewDupIndex() *DupIndex {
	return &DupIndex{stems: map[int64]string{}, grams: map[int64]map[string]struct{}{}, post: map[string][]int64{}}
}

// Add indexes a stem under id.
func (x *DupIndex) Add(id int64, stem string) {
	g := bigrams(normalizeStem(stem))
	x.stems[id], x.grams[id] = stem, g
	for k := range g {
		x.post[k] = append(x.post[k], id)
	}
}

// Find returns the indexed stems at or above the threshold, most similar first.
func (x *DupIndex) Find(stem string, threshold float64) []Match {
	g := bigrams(normalizeStem(stem))
	if len(g) == 0 {
		return nil
	}
	shared := map[int64]int{}
	for k := range g {
		for _, id := range x.post[k] {
			shared[id]++
		}
	}
	var out []Match
	for id, n := range shared {
		// Jaccard ≥ t needs the intersection ≥ t × the larger set.
		other := x.grams[id]
		big := max(len(g), len(other))
		if float64(n) < threshold*float64(big) {
			continue
		}
		if s := jaccard(g, other); s >= threshold {
			out = append(out, Match{ID: id, Stem: x.stems[id], Similarity: round2(s)})
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
