package quiz

import "time"

// Bank is a named group of questions (by law, domain or event). A question
// may be in several banks.
type Bank struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Questions   int    `json:"questions"`
	// CreatedBy is the owner's user ID; 0 when the bank is shared.
	CreatedBy int64     `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// NewBank is the input for creating a bank.
type NewBank struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// CreatedBy is set by the caller, not read from the request.
	CreatedBy int64 `json:"-"`
}
