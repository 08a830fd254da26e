package appraisal

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// CodePrefix is the default prefix of the blind codes (文书-07).
const CodePrefix = "文书"

// Document is an entry of an appraisal as its unit submitted it: the
// identifying metadata judges must not see before the reveal.
type Document struct {
	EntryID  int64    `json:"entryId"`
	Code     string   `json:"code"`
	UnitID   int64    `json:"unitId"`
	Unit     string   `json:"unit"`
	CaseNo   string   `json:"caseNo"`
	CaseType string   `json:"caseType"`
	Officers []string `json:"officers"`
	Files    []File   `json:"files"`
}

// File is one stored file of a document.
type File struct {
	ID     string `json:"id"`   // random, also the stored name
	Name   string `json:"name"` // as uploaded: may name the unit or the case
	Kind   string `json:"kind"` // pdf, docx, png, jpeg
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Conversion is a DOCX's conversion to PDF (convert.go): pending,
	// done, failed or unavailable (no converter: offered as a download);
	// empty for other kinds.
	Conversion string `json:"conversion,omitempty"`
	// PDF is the stored name of the converted PDF (Conversion done).
	PDF string `json:"-"`
}

// BlindFile is a file as a judge sees it: named after the code.
type BlindFile struct {
	ID         string `json:"id"`
	Name       string `json:"name"` // 文书-07-1.pdf
	Kind       string `json:"kind"`
	Size       int64  `json:"size"`
	Conversion string `json:"conversion,omitempty"` // as File.Conversion
}

// BlindDocument is the only shape of a document a judge gets before the
// reveal. It has no field for the unit, the officers, the case number or
// the uploaded file names, so no handler can leak them by mistake.
type BlindDocument struct {
	EntryID  int64       `json:"entryId"`
	Code     string      `json:"code"`
	CaseType string      `json:"caseType"`
	Files    []BlindFile `json:"files"`
}

// Blind is the judge's view of d.
func Blind(d Document) BlindDocument {
	b := BlindDocument{EntryID: d.EntryID, Code: d.Code, CaseType: d.CaseType, Files: make([]BlindFile, len(d.Files))}
	for i, f := range d.Files {
		b.Files[i] = BlindFile{ID: f.ID, Kind: f.Kind, Size: f.Size, Conversion: f.Conversion, Name: d.Code + "-" + strconv.Itoa(i+1) + "." + ext(f.Kind)}
	}
	return b
}

func ext(kind string) string {
	if kind == "jpeg" {
		return "jpg"
	}
	return kind
}

// Codes draws the blind codes: the entries, sorted by id, get the numbers
// 1…n in a seeded random order, zero-padded to at least two digits
// (文书-07). The same seed over the same entries gives the same codes.
func Codes(entryIDs []int64, prefix string, seed uint64) map[int64]string {
	ids := slices.Clone(entryIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	nums := make([]int, len(ids))
	for i := range nums {
		nums[i] = i + 1
	}
	g := rng(seed ^ 0xc0de)
	for i := len(nums) - 1; i > 0; i-- {
		k := int(g.below(uint64(i + 1)))
		nums[i], nums[k] = nums[k], nums[i]
	}
	width := max(2, len(strconv.Itoa(len(ids))))
	out := make(map[int64]string, len(ids))
	for i, id := range ids {
		out[id] = fmt.Sprintf("%s-%0*d", prefix, width, nums[i])
	}
	return out
}

// Reveal is the logged moment identities were revealed.
type Reveal struct {
	ContestID int64     `json:"contestId"`
	ActorID   int64     `json:"actorId"`
	Sheets    int       `json:"sheets"` // locked sheets at the reveal
	At        time.Time `json:"at"`
}

// CanReveal says whether identities may be revealed: the contest locked
// (or later) and every assigned review's sheet submitted. It returns a
// fault.Conflict naming what is missing otherwise.
func CanReveal(c judging.Contest, a Assignment, sheets []judging.Sheet) error {
	if c.Status == judging.StatusDraft || c.Status == judging.StatusOpen {
		return fault.Conflictf("identities are revealed only after the contest is locked (now %s)", c.Status)
	}
	locked := map[[2]int64]bool{}
	for _, s := range sheets {
		if s.Status == judging.SheetSubmitted {
			locked[[2]int64{s.EntryID, s.JudgeID}] = true
		}
	}
	missing := 0
	for e, js := range a.Reviews {
		for _, j := range js {
			if !locked[[2]int64{e, j}] {
				missing++
			}
		}
	}
	if missing > 0 {
		return fault.Conflictf("%d assigned sheets are not locked yet; identities are revealed only when every sheet is", missing)
	}
	return nil
}

// CanSeeIdentity is the one rule for a document's unit, officers, case
// number and file names: the organizers always (they assign and check
// recusals), everyone else only after the logged reveal.
func CanSeeIdentity(v judging.Viewer, revealed *Reveal) bool {
	return v.Organizer || revealed != nil
}

// CanOpen says whether a viewer may open a document's files: organizers,
// and judges the document is assigned to.
func CanOpen(v judging.Viewer, a Assignment, entryID int64) bool {
	return v.Organizer || a.Assigned(v.UserID, entryID)
}
