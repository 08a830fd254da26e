package judging

import (
	"testing"
	"time"
)

func TestShowEntryBlindsDocuments(t *testing.T) {
	e := Entry{ID: 1, Name: "张警官", Title: "京文执罚〔2026〕1号", UnitID: 9, Unit: "东城大队"}
	judge := Viewer{UserID: 5}
	org := Viewer{UserID: 2, Organizer: true}
	for _, tc := range []struct {
		kind   Kind
		status Status
		v      Viewer
		blind  bool
	}{
		{KindDocument, StatusOpen, judge, true},
		{KindDocument, StatusLocked, judge, true},
		{KindDocument, StatusPublished, judge, true},
		{KindDocument, StatusOpen, Viewer{}, true},
		{KindDocument, StatusOpen, org, false},
		{KindSpeech, StatusOpen, judge, false},
		{KindDebate, StatusOpen, judge, false},
	} {
		c := Contest{Kind: tc.kind, Status: tc.status}
		got := ShowEntry(c, tc.v, e)
		if tc.blind != (got.Name == "" && got.Title == "" && got.Unit == "" && got.UnitID == 0) || got.ID != 1 {
			t.Errorf("%s %s %+v: %+v", tc.kind, tc.status, tc.v, got)
		}
		b := MakeBoard(c, tc.v, []Entry{e}, nil, time.Now())
		if tc.blind && b.Entries[0].Unit != "" {
			t.Errorf("%s %s: the board carries the unit", tc.kind, tc.status)
		}
	}
}
