// Package xlsxtest makes hostile workbooks for tests, generated on the
// fly so no large file is committed.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Bomb returns a real .xlsx whose first sheet's XML inflates to about
// unpacked bytes of identical rows while the file stays small (245 MB of
// sheet XML compress to well under 1 MB). The sheet is compressed once as
// a block of rows and the block repeated, so making it takes little time.
func Bomb(tb testing.TB, unpacked int64) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	var base bytes.Buffer
	if err := f.Write(&base); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, part := range zr.File {
		if part.Name == "xl/worksheets/sheet1.xml" {
			writeSheet(tb, zw, part.Name, unpacked)
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.Name, Method: zip.Deflate})
		if err != nil {
			tb.Fatal(err)
		}
		r, err := part.Open()
		if err != nil {
			tb.Fatal(err)
		}
		io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// writeSheet writes the sheet part raw: the head, the compressed block of
// rows repeated, the tail, each flushed as non-final deflate blocks (which
// may be concatenated), then the final empty block.
func writeSheet(tb testing.TB, zw *zip.Writer, name string, unpacked int64) {
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	tail := []byte(`</sheetData></worksheet>`)
	// long runs of one letter compress best; each cell stays under the
	// cell limit, so only the sizes give the bomb away
	row := `<row><c t="inlineStr"><is><t>bomb</t></is></c><c t="inlineStr"><is><t>` + strings.Repeat("A", 8000) + `</t></is></c></row>`
	block := []byte(strings.Repeat(row, (1<<20)/len(row)))
	n := max((unpacked-int64(len(head)+len(tail)))/int64(len(block)), 1)

	deflate := func(b []byte) []byte {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		fw.Write(b)
		fw.Flush()
		return buf.Bytes()
	}
	var final bytes.Buffer
	fw, _ := flate.NewWriter(&final, flate.BestCompression)
	fw.Close()
	zhead, zblock, ztail := deflate(head), deflate(block), deflate(tail)

	sum := crc32.NewIEEE()
	sum.Write(head)
	for i := int64(0); i < n; i++ {
		sum.Write(block)
	}
	sum.Write(tail)
	size := int64(len(head)+len(tail)) + n*int64(len(block))
	zsize := int64(len(zhead)+len(ztail)+final.Len()) + n*int64(len(zblock))
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: sum.Sum32(),
		UncompressedSize64: uint64(size), CompressedSize64: uint64(zsize)})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(zhead)
	for i := int64(0); i < n; i++ {
		w.Write(zblock)
	}
	w.Write(ztail)
	w.Write(final.Bytes())
}

// Sheet returns a plain workbook with rows (the first is the header).
func Sheet(tb testing.TB, rows [][]string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
