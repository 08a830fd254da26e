package judging

import (
	"encoding/json"
	"strings"
	"time"
)

// Change is one step of a contest's own history, beside its sheets': a
// status change (draft → open → locked → appeal → published, or locked →
// open with a reason), an edit of the configuration or the title, or a
// replacement of the entries. It is written in the same transaction as
// the change itself, so the trail never misses nor invents one.
type Change struct {
	ID        int64         `json:"id"`
	ContestID int64         `json:"contestId"`
	Action    string        `json:"action"` // status, config, entries
	ActorID   int64         `json:"actorId"`
	Reason    string        `json:"reason,omitempty"`
	Fields    []FieldChange `json:"fields"`
	At        time.Time     `json:"at"`
}

// FieldChange is one field's value before and after a change ("" for a
// value that did not exist, e.g. a criterion added).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Change actions.
const (
	ChangeStatus  = "status"
	ChangeConfig  = "config"
	ChangeEntries = "entries"
)

// maxFieldText bounds a value kept in the trail (a long panel or rubric is
// cut, marked with an ellipsis).
const maxFieldText = 4000

func fieldText(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	default:
		b, _ := json.Marshal(x)
		s = string(b)
		if s == "null" || s == "[]" || s == "{}" || s == `""` {
			s = ""
		}
	}
	if r := []rune(s); len(r) > maxFieldText {
		s = string(r[:maxFieldText]) + "…"
	}
	return s
}

// DiffContest lists what an edit changed, field by field, in a fixed
// order: the title, each criterion (by key: added, removed or changed),
// the vetoes, the timing, each aggregation setting, the tiers and the
// boundary rule, the panel, the tie decisions and the live flag. Declared
// conflicts and the stage are not edits and are left out. Nothing changed:
// nil.
func DiffContest(before, after Contest) []FieldChange {
	var out []FieldChange
	add := func(field string, b, a any) {
		bs, as := fieldText(b), fieldText(a)
		if bs != as {
			out = append(out, FieldChange{Field: field, Before: bs, After: as})
		}
	}
	add("title", before.Title, after.Title)
	add("kind", string(before.Kind), string(after.Kind))
	bc, ac := before.Config, after.Config
	old := map[string]Criterion{}
	for _, c := range bc.Rubric.Criteria {
		old[c.Key] = c
	}
	seen := map[string]bool{}
	for _, c := range ac.Rubric.Criteria {
		seen[c.Key] = true
		if o, ok := old[c.Key]; ok {
			add("rubric.criteria."+c.Key, o, c)
		} else {
			add("rubric.criteria."+c.Key, "", c)
		}
	}
	for _, c := range bc.Rubric.Criteria {
		if !seen[c.Key] {
			add("rubric.criteria."+c.Key, c, "")
		}
	}
	sameKeys := len(bc.Rubric.Criteria) == len(ac.Rubric.Criteria)
	for _, c := range ac.Rubric.Criteria {
		_, ok := old[c.Key]
		sameKeys = sameKeys && ok
	}
	if sameKeys {
		add("rubric.order", criterionKeys(bc.Rubric.Criteria), criterionKeys(ac.Rubric.Criteria))
	}
	add("rubric.vetoes", bc.Rubric.Vetoes, ac.Rubric.Vetoes)
	add("rubric.timing", bc.Rubric.Timing, ac.Rubric.Timing)
	ba, aa := bc.Aggregation, ac.Aggregation
	add("aggregation.method", string(ba.Method), string(aa.Method))
	add("aggregation.trim", itoa(ba.Trim), itoa(aa.Trim))
	add("aggregation.precision", itoa(ba.Precision), itoa(aa.Precision))
	add("aggregation.veto", string(ba.Veto), string(aa.Veto))
	add("aggregation.tieKey", ba.TieKey, aa.TieKey)
	add("aggregation.showPeers", boolText(ba.ShowPeers), boolText(aa.ShowPeers))
	add("tiers", bc.Tiers, ac.Tiers)
	add("boundary", string(bc.Boundary), string(ac.Boundary))
	add("panel", bc.Panel, ac.Panel)
	add("decisions", bc.Decisions, ac.Decisions)
	add("live", boolText(bc.Live), boolText(ac.Live))
	return out
}

func criterionKeys(cs []Criterion) string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	return strings.Join(keys, ",")
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// entryLine is how an entry reads in the trail: order (when drawn or set),
// speaker, unit, title.
func entryLine(e Entry) string {
	s := e.Name
	if e.Order > 0 {
		s = itoa(e.Order) + ". " + s
	}
	if e.Unit != "" {
		s += "（" + e.Unit + "）"
	}
	if e.Title != "" {
		s += "《" + e.Title + "》"
	}
	return s
}

// DiffEntries is the trail's record of a replacement of the entries: the
// list before and after, one entry a line (nil when nothing changed).
func DiffEntries(before, after []Entry) []FieldChange {
	lines := func(es []Entry) string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = entryLine(e)
		}
		return strings.Join(out, "\n")
	}
	b, a := lines(before), lines(after)
	if b == a {
		return nil
	}
	return []FieldChange{{Field: "entries", Before: fieldText(b), After: fieldText(a)}}
}
