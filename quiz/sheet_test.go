package quiz

import (
	"reflect"
	"strings"
	"testing"
)

func sheetRow(cells ...string) []string {
	row := make([]string, len(SheetHeader))
	copy(row, cells)
	return row
}

// A case in the spreadsheet: the case row, then one row per sub-question.
func TestSheetCaseRows(t *testing.T) {
	rows := [][]string{
		SheetHeader,
		sheetRow("单选", "著作权法规定，著作权人享有的权利不包括（  ）。", "发表权", "署名权", "专利权", "复制权", "", "", "", "", "C", "第十条列举的权利不含专利权。", "《著作权法》第十条"),
		sheetRow("案例分析", "某书摊销售盗版图书，执法人员当场查获。", "", "", "", "", "", "", "", "", "", "", "", "3", "版权"),
		sheetRow("小题-单选", "该行为侵犯著作权人的（  ）。", "发表权", "复制权、发行权", "", "", "", "", "", "", "B", "第十条规定复制权和发行权。", "《著作权法》第十条"),
		sheetRow("小题：多选", "执法人员可以（  ）。", "责令停止侵权", "没收违法所得", "", "", "", "", "", "", "AB", "第五十三条规定，可以责令停止侵权行为，没收违法所得。", "《著作权法》第五十三条"),
		sheetRow("小题-简答", "简述其法律后果。", "", "", "", "", "", "", "", "", "承担民事责任并可予行政处罚。", "第五十三条规定了民事责任与行政处罚。", "《著作权法》第五十三条", "", "", "民事责任；行政处罚"),
		sheetRow(),
		sheetRow("小题-单选", "无案例的小题", "甲", "乙", "", "", "", "", "", "", "A", "解析", "《著作权法》第十条"),
	}
	raws := FromRows(rows)
	if len(raws) != 3 || raws[1].Line != 3 || len(raws[1].Parts) != 3 || raws[1].Parts[1].Line != 5 || raws[2].Line != 8 {
		t.Fatalf("grouping: %+v", raws)
	}
	p := Check(raws, testLaws())
	if len(p.Drafts) != 2 || len(p.Errors) != 1 {
		t.Fatalf("drafts %d, errors %+v", len(p.Drafts), p.Errors)
	}
	if e := p.Errors[0]; e.Line != 8 || !strings.Contains(strings.Join(e.Errors, "|"), errOrphanPart) {
		t.Errorf("orphan sub-question row: %+v", e)
	}
	c := p.Drafts[1].Question
	if c.Type != TypeCase || len(c.Parts) != 3 || c.Parts[0].Type != TypeSingle || c.Parts[1].Type != TypeMultiple || c.Parts[2].Type != TypeShort ||
		!reflect.DeepEqual(c.Parts[1].Answer.Choices, []string{"A", "B"}) || c.Parts[2].Answer.Reference == "" || len(c.Parts[2].Answer.Keywords) != 2 ||
		c.Parts[1].Citation.Article != 53 || c.Citation.Article != 10 || c.Difficulty != 3 {
		t.Fatalf("case: %+v", c)
	}

	// export and import again: the same case
	q := Question{Type: c.Type, Stem: c.Stem, Parts: c.Parts, Domains: c.Domains, Difficulty: c.Difficulty}
	back := Check(FromRows(append([][]string{SheetHeader}, ToRows(q)...)), testLaws())
	if len(back.Errors) != 0 || len(back.Drafts) != 1 {
		t.Fatalf("round trip: %+v", back.Errors)
	}
	if b := back.Drafts[0].Question; !reflect.DeepEqual(b.Parts, c.Parts) || b.Stem != c.Stem || b.Difficulty != c.Difficulty {
		t.Errorf("round trip:\n got %+v\nwant %+v", b, c)
	}

	// a case row with one sub-question, and one with an answer of its own
	bad := Check(FromRows([][]string{SheetHeader,
		sheetRow("案例分析", "案情一。"), sheetRow("小题-简答", "问？", "", "", "", "", "", "", "", "", "答。", "第十条规定。", "《著作权法》第十条"),
		sheetRow("案例分析", "案情二。", "", "", "", "", "", "", "", "", "A"),
		sheetRow("小题-单选", "问一", "甲", "乙", "", "", "", "", "", "", "C", "解", "《著作权法》第十条"),
		sheetRow("小题-简答", "问二", "", "", "", "", "", "", "", "", "答", "解"),
	}), testLaws())
	if len(bad.Errors) != 2 {
		t.Fatalf("bad cases: %+v", bad.Errors)
	}
	joined := strings.Join(bad.Errors[0].Errors, "|") + "||" + strings.Join(bad.Errors[1].Errors, "|")
	for _, want := range []string{errPartCount, errCaseAnswer, "sub-question 1: " + errNotAmong, "sub-question 2: " + errPartCitation} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in %s", want, joined)
		}
	}
}
