package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/fault"
)

// Paging of list routes (`?page=1&pageSize=20`).
const (
	defaultPageSize = 20
	maxPageSize     = 500
	maxPage         = 1_000_000 // keeps (page-1)*pageSize far from overflowing
)

// paging reads ?page and ?pageSize for every list route and returns the
// limit and offset. A value that is not a whole number in range (too big
// for an int, negative, "abc") is a field error in fields, never a
// silent default.
func paging(c *fiber.Ctx, fields fault.Fields) (limit, offset int) {
	page := queryIntIn(c, fields, "page", 1, 1, maxPage, "must be a whole number from 1 to 1000000")
	size := queryIntIn(c, fields, "pageSize", defaultPageSize, 1, maxPageSize, "must be between 1 and 500")
	return size, (page - 1) * size
}

// queryIntIn parses the query parameter name as a whole number between lo
// and hi; absent means def. On a bad value it adds msg for name.
func queryIntIn(c *fiber.Ctx, fields fault.Fields, name string, def, lo, hi int, msg string) int {
	v := c.Query(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			fields.Add(name, msg)
		} else {
			fields.Add(name, "must be a number")
		}
		return def
	}
	if n < int64(lo) || n > int64(hi) {
		fields.Add(name, msg)
		return def
	}
	return int(n)
}
