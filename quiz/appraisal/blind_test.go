package appraisal

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// hiddenNames are the field names (Go or JSON, lower-cased) a blind type
// must never have.
var hiddenNames = []string{"unit", "unitid", "officers", "officer", "caseno", "casenumber", "filename"}

func fieldsOf(t reflect.Type, path string, out map[string]string) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Map {
			fieldsOf(t.Key(), path+"[key]", out)
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		out[path+"."+f.Name] = strings.ToLower(f.Name) + "|" + strings.ToLower(tag)
		fieldsOf(f.Type, path+"."+f.Name, out)
	}
}

// TestBlindTypeCannotCarryIdentity: the judge's view type has no field
// that could hold the unit, the officers, the case number or an uploaded
// file name, at any depth.
func TestBlindTypeCannotCarryIdentity(t *testing.T) {
	fields := map[string]string{}
	fieldsOf(reflect.TypeOf(BlindDocument{}), "BlindDocument", fields)
	if len(fields) < 6 {
		t.Fatalf("walked only %v", fields)
	}
	for path, names := range fields {
		for _, n := range strings.Split(names, "|") {
			for _, h := range hiddenNames {
				if n == h {
					t.Errorf("%s can carry %s", path, h)
				}
			}
		}
	}
	// The check itself must catch the full type.
	full := map[string]string{}
	fieldsOf(reflect.TypeOf(Document{}), "Document", full)
	caught := 0
	for _, names := range full {
		for _, n := range strings.Split(names, "|") {
			for _, h := range hiddenNames {
				if n == h {
					caught++
				}
			}
		}
	}
	if caught < 3 {
		t.Fatalf("the walk misses the identifying fields of Document: %v", full)
	}
}

func TestBlindHidesValues(t *testing.T) {
	d := Document{
		EntryID: 7, Code: "文书-07", UnitID: 31, Unit: "东城区文化市场综合执法大队",
		CaseNo: "京东文执罚〔2026〕118号", CaseType: "网吧", Officers: []string{"张明", "李华"},
		Files: []File{{ID: "f1a2", Name: "东城区-118号-处罚决定书.pdf", Kind: "pdf", Size: 10}, {ID: "f3b4", Name: "张明现场照片.jpeg", Kind: "jpeg", Size: 5}},
	}
	b, err := json.Marshal(Blind(d))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{d.Unit, "东城区", d.CaseNo, "118", "张明", "李华", "处罚决定书", `"unitId"`, "31"} {
		if strings.Contains(string(b), secret) {
			t.Fatalf("blind view carries %q: %s", secret, b)
		}
	}
	for _, want := range []string{"文书-07-1.pdf", "文书-07-2.jpg", "f1a2", "网吧"} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("blind view lacks %q: %s", want, b)
		}
	}
}

func TestCodes(t *testing.T) {
	ids := []int64{50, 3, 9, 12, 7, 1, 44, 2, 8, 10, 11, 13}
	a := Codes(ids, CodePrefix, 5)
	if len(a) != len(ids) {
		t.Fatalf("%d codes", len(a))
	}
	seen := map[string]bool{}
	re := regexp.MustCompile(`^文书-\d{2}$`)
	for _, c := range a {
		if !re.MatchString(c) || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	for i := 1; i <= len(ids); i++ {
		if !seen[CodePrefix+"-"+leftPad(i)] {
			t.Fatalf("code %d missing", i)
		}
	}
	rev := []int64{13, 11, 10, 8, 2, 44, 1, 7, 12, 9, 3, 50}
	if !reflect.DeepEqual(a, Codes(rev, CodePrefix, 5)) {
		t.Fatal("input order changed the codes")
	}
	if reflect.DeepEqual(a, Codes(ids, CodePrefix, 6)) {
		t.Fatal("the seed does not decide the codes")
	}
	// Codes follow no id order: over seeds, the smallest id gets many codes.
	first := map[string]bool{}
	for s := uint64(0); s < 50; s++ {
		first[Codes(ids, CodePrefix, s)[1]] = true
	}
	if len(first) < 6 {
		t.Fatalf("the first entry got only %d codes in 50 draws", len(first))
	}
	big := make([]int64, 120)
	for i := range big {
		big[i] = int64(i + 1)
	}
	if c := Codes(big, "X", 1)[1]; !regexp.MustCompile(`^X-\d{3}$`).MatchString(c) {
		t.Fatalf("120 entries need three digits: %q", c)
	}
}

func leftPad(i int) string {
	s := "0" + string(rune('0'+i%10))
	if i >= 10 {
		s = string(rune('0'+i/10)) + string(rune('0'+i%10))
	}
	return s
}

func TestCanReveal(t *testing.T) {
	a := Assignment{Reviews: map[int64][]int64{1: {10, 11}, 2: {11, 12}}}
	sub := func(e, j int64, st judging.SheetStatus) judging.Sheet {
		return judging.Sheet{EntryID: e, JudgeID: j, Status: st}
	}
	all := []judging.Sheet{sub(1, 10, judging.SheetSubmitted), sub(1, 11, judging.SheetSubmitted), sub(2, 11, judging.SheetSubmitted), sub(2, 12, judging.SheetSubmitted)}
	cases := []struct {
		name   string
		status judging.Status
		sheets []judging.Sheet
		ok     bool
	}{
		{"all locked", judging.StatusLocked, all, true},
		{"published", judging.StatusPublished, all, true},
		{"appeal", judging.StatusAppeal, all, true},
		{"still open", judging.StatusOpen, all, false},
		{"draft", judging.StatusDraft, all, false},
		{"one missing", judging.StatusLocked, all[:3], false},
		{"one reopened", judging.StatusLocked, append(all[:3:3], sub(2, 12, judging.SheetReopened)), false},
		{"sheet of an unassigned judge does not count", judging.StatusLocked, append(all[:3:3], sub(2, 99, judging.SheetSubmitted)), false},
	}
	for _, tc := range cases {
		err := CanReveal(judging.Contest{Status: tc.status}, a, tc.sheets)
		var fe *fault.Error
		if tc.ok != (err == nil) || (err != nil && (!errors.As(err, &fe) || fe.Code != fault.Conflict)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestWhoSees(t *testing.T) {
	a := Assignment{Reviews: map[int64][]int64{1: {10}}}
	org := judging.Viewer{UserID: 1, Organizer: true}
	judge := judging.Viewer{UserID: 10}
	other := judging.Viewer{UserID: 11}
	if !CanSeeIdentity(org, nil) || CanSeeIdentity(judge, nil) || !CanSeeIdentity(judge, &Reveal{}) {
		t.Fatal("CanSeeIdentity")
	}
	if !CanOpen(org, a, 1) || !CanOpen(judge, a, 1) || CanOpen(other, a, 1) || CanOpen(judge, a, 2) {
		t.Fatal("CanOpen")
	}
}
