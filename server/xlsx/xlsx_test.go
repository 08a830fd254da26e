package xlsx_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/weishi-dev/weishi/server/xlsx"
	"github.com/weishi-dev/weishi/server/xlsx/xlsxtest"
)

func TestAsText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil","click")`, `'=HYPERLINK("http://evil","click")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"-", "'-"},
		{"--", "'--"},
		{"-12", "-12"},
		{"-0.5", "-0.5"},
		{"-1.", "'-1."},
		{"-.5", "'-.5"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{" =x", " =x"},
		{"'=x", "''=x"},
		{"'plain", "'plain"},
		{"＝全角", "＝全角"},
	} {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			if got := xlsx.AsText(tc.in); got != tc.want {
				t.Fatalf("AsText(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if back := xlsx.FromText(xlsx.AsText(tc.in)); back != tc.in {
				t.Fatalf("FromText(AsText(%q)) = %q", tc.in, back)
			}
		})
	}
}

// Every cell that would start a formula is written as text with a leading
// apostrophe and no formula; reading the workbook back gives the values.
func TestWriteNeverStartsAFormula(t *testing.T) {
	rows := [][]string{
		{"姓名", "备注", "分数"},
		{"=HYPERLINK(\"http://x\",\"y\")", "+1", "-5"},
		{"@A1", "\t=1", "-1+1"},
		{"\r=2", "普通", "=SUM(C2:C3)"},
	}
	data, err := xlsx.Write("导出", rows)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if formula, _ := f.GetCellFormula("导出", cell); formula != "" {
				t.Errorf("%s has a formula %q", cell, formula)
			}
			got, _ := f.GetCellValue("导出", cell)
			want := v
			if strings.ContainsAny(v[:1], "=+@\t\r") || (v[0] == '-' && v != "-5") {
				want = "'" + v
			}
			if got != want {
				t.Errorf("%s = %q, want %q", cell, got, want)
			}
		}
	}
	back, err := xlsx.Read(data, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(rows) {
		t.Fatalf("read back %q, want %q", back, rows)
	}
}

// A 715 KB file that unzips to 245 MB of sheet XML is refused from the
// zip directory alone, before any sheet XML is inflated.
func TestZipBombRefusedBeforeInflating(t *testing.T) {
	bomb := xlsxtest.Bomb(t, 245<<20)
	if _, err := excelize.OpenReader(strings.NewReader(string(xlsxtest.Bomb(t, 3<<20)))); err != nil {
		t.Fatalf("a small bomb is not a readable workbook: %v", err)
	}
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes, want < 1 MiB", len(bomb))
	}
	start := time.Now()
	_, err := xlsx.Read(bomb, xlsx.Limits{})
	elapsed := time.Since(start)
	var le *xlsx.LimitError
	if !errors.As(err, &le) || le.Limit != xlsx.LimitUnpacked || le.Max != xlsx.DefaultLimits.MaxUnpacked {
		t.Fatalf("err = %v", err)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("refusing took %v", elapsed)
	}
	// under the size limit, but compressed more than any spreadsheet is
	small := xlsxtest.Bomb(t, 8<<20)
	if _, err := xlsx.Read(small, xlsx.Limits{}); !errors.As(err, &le) || le.Limit != xlsx.LimitRatio {
		t.Fatalf("ratio: err = %v", err)
	}
	// with a lower ratio the same file still stops at the rows
	if _, err := xlsx.Read(small, xlsx.Limits{MaxRatio: 100000, MaxRows: 100}); !errors.As(err, &le) || le.Limit != xlsx.LimitRows || le.Max != 100 {
		t.Fatalf("rows: err = %v", err)
	}
}

func TestReadLimits(t *testing.T) {
	rows := func(n int, cell string) [][]string {
		out := [][]string{{"h1", "h2"}}
		for i := 0; i < n; i++ {
			out = append(out, []string{fmt.Sprint(i), cell})
		}
		return out
	}
	wide := [][]string{{"h"}, make([]string, 70)}
	for i := range wide[1] {
		wide[1][i] = "x"
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		limits xlsx.Limits
		limit  string
		rows   int
	}{
		{"at the row cap", xlsxtest.Sheet(t, rows(50, "x")), xlsx.Limits{MaxRows: 50}, "", 51},
		{"over the row cap", xlsxtest.Sheet(t, rows(51, "x")), xlsx.Limits{MaxRows: 50}, xlsx.LimitRows, 0},
		{"a long cell", xlsxtest.Sheet(t, rows(3, strings.Repeat("长", 400))), xlsx.Limits{MaxCellBytes: 1000}, xlsx.LimitCell, 0},
		{"a cell at the cap", xlsxtest.Sheet(t, rows(3, strings.Repeat("a", 1000))), xlsx.Limits{MaxCellBytes: 1000}, "", 4},
		{"too wide", xlsxtest.Sheet(t, wide), xlsx.Limits{}, xlsx.LimitColumns, 0},
		{"a row far below", xlsxtest.Sheet(t, append(rows(1, "x"), append(make([][]string, 5000), []string{"late"})...)), xlsx.Limits{MaxRows: 100}, xlsx.LimitRows, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := xlsx.Read(tc.data, tc.limits)
			if tc.limit == "" {
				if err != nil || len(got) != tc.rows {
					t.Fatalf("%d rows, %v", len(got), err)
				}
				return
			}
			var le *xlsx.LimitError
			if !errors.As(err, &le) || le.Limit != tc.limit {
				t.Fatalf("err = %v, want the %s limit", err, tc.limit)
			}
		})
	}
}

func TestBlankRowsKeepRowNumbers(t *testing.T) {
	data := xlsxtest.Sheet(t, [][]string{{"h"}, {"a"}, {""}, {"b"}, {""}, {""}})
	got, err := xlsx.Read(data, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[1][0] != "a" || got[2] != nil || got[3][0] != "b" {
		t.Fatalf("%q", got)
	}
}

func TestNotAWorkbook(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("hello"), []byte("PK\x03\x04garbage")} {
		if _, err := xlsx.Read(data, xlsx.Limits{}); !errors.Is(err, xlsx.ErrNotWorkbook) {
			t.Fatalf("%q: %v", data, err)
		}
	}
}
