package api_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/xlsx/xlsxtest"
)

// TestUploadsRefuseZipBombs: every .xlsx upload refuses a workbook that
// unzips to 245 MB from its zip directory, with a 422 naming the limit,
// at once (the old code inflated it for half a minute and 3.8 GB).
func TestUploadsRefuseZipBombs(t *testing.T) {
	qe := newQuizEnv(t)
	adm := qe.admin()
	bomb := xlsxtest.Bomb(t, 245<<20)
	for _, tc := range []struct {
		c      *client
		path   string
		fields map[string]string
	}{
		{qe.org, "/api/v1/quiz/import/preview", nil},
		{qe.org, "/api/v1/quiz/import", nil},
		{qe.org, "/api/v1/quiz/import/jobs", map[string]string{"mode": "preview"}},
		{adm, "/api/v1/users/import/preview", nil},
		{adm, "/api/v1/users/import", nil},
		{adm, "/api/v1/courses/import/preview", nil},
		{adm, "/api/v1/courses/import", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			body, ct := uploadFile(t, "bomb.xlsx", bomb, tc.fields)
			start := time.Now()
			r := tc.c.do("POST", tc.path, body, ct)
			elapsed := time.Since(start)
			wantStatus(t, r, 422)
			e := r.err(t)
			if !strings.Contains(e.Error.Fields["file"], "unpacks to more than") || !strings.Contains(e.Error.Message, "MiB, the limit") {
				t.Fatalf("the refusal does not name the limit: %s", r.body)
			}
			if elapsed > 2*time.Second {
				t.Fatalf("refusing took %v", elapsed)
			}
		})
	}
	// in Chinese too
	qe.org.lang = "zh-CN"
	body, ct := uploadFile(t, "bomb.xlsx", bomb, nil)
	r := qe.org.do("POST", "/api/v1/quiz/import/preview", body, ct)
	wantStatus(t, r, 422)
	if e := r.err(t); !strings.Contains(e.Error.Fields["file"], "解压后超过") {
		t.Fatalf("zh: %s", r.body)
	}
}

// TestQuestionUploadCaps: over 20,000 questions, or a cell or a text line
// over its cap, is a 422 naming the limit.
func TestQuestionUploadCaps(t *testing.T) {
	qe := newQuizEnv(t)
	rows := [][]string{{"题型", "题干"}}
	for i := 0; i < 20001; i++ {
		rows = append(rows, []string{"判断", "题"})
	}
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"rows", "many.xlsx", xlsxtest.Sheet(t, rows), "too many rows (at most 20000)"},
		{"cell", "cell.xlsx", xlsxtest.Sheet(t, [][]string{{"题型", "题干"}, {"判断", strings.Repeat("长", 6000)}}), "row 2 has a cell longer than 16384 bytes, the limit"},
		{"line", "long.txt", []byte("1. 题目\n" + strings.Repeat("长", 6000) + "\n【答案】对\n"), "line 2 is longer than 16384 bytes, the limit"},
		{"questions", "many.txt", []byte(strings.Repeat("1. 著作权属于作者。\n【答案】对\n\n", 20001)), "too many questions (at most 20000)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := uploadFile(t, tc.file, tc.data, nil)
			r := qe.org.do("POST", "/api/v1/quiz/import/preview", body, ct)
			wantStatus(t, r, 422)
			if got := r.err(t).Error.Fields["file"]; got != tc.want {
				t.Fatalf("file: %q, want %q", got, tc.want)
			}
		})
	}
}

// TestExportsNeverStartAFormula: a value a user typed that Excel would
// run as a formula is exported as text, with a leading apostrophe.
func TestExportsNeverStartAFormula(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	for i, name := range []string{"=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "@SUM(A1)", "-2+3"} {
		if _, err := e.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: fmt.Sprintf("f%d", i), Name: name, UnitID: e.root.ID, Roles: []account.Role{account.RoleStaff}, Password: "Passw0rd1"}); err != nil {
			t.Fatal(err)
		}
	}
	r := adm.call("GET", "/api/v1/users/export", nil)
	wantStatus(t, r, 200)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, row := range rows {
		for _, v := range row {
			switch v {
			case "'=HYPERLINK(\"http://x\",\"点我\")", "'+1+1", "'@SUM(A1)", "'-2+3":
				found++
			case "=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "@SUM(A1)", "-2+3":
				t.Errorf("exported as a formula: %q", v)
			}
		}
	}
	if found != 4 {
		t.Fatalf("found %d escaped names in %q", found, rows)
	}
}
