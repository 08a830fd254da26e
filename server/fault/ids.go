package fault

import (
	"fmt"
	"strconv"
	"strings"
)

// maxNamed bounds how many unknown IDs a message lists.
const maxNamed = 20

// UnknownIDs is the Invalid error for a list of IDs (in a bulk body) that
// name nothing: the field's message names them, "unknown ids: 7, 999999".
func UnknownIDs(field string, ids []int64) *Error {
	parts := make([]string, 0, min(len(ids), maxNamed))
	for i, id := range ids {
		if i == maxNamed {
			parts = append(parts, fmt.Sprintf("… (%d in all)", len(ids)))
			break
		}
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return InvalidField(field, "unknown ids: "+strings.Join(parts, ", "))
}
