package courses

import "context"

// Read methods for other features: the quiz assigns papers to the people
// enrolled in a class or a batch.

// BatchPeople returns the people enrolled (not waitlisted or requesting)
// in a batch, for assigning the batch a paper. fault.NotFound when the
// batch is missing.
func (s *Service) BatchPeople(ctx context.Context, batchID int64) ([]int64, error) {
	if _, err := s.store.Batch(ctx, batchID); err != nil {
		return nil, err
	}
	return s.batchPeople(ctx, batchID)
}

// ClassPeople returns the people enrolled (not waitlisted or requesting)
// in any batch of a class, each once, for assigning the class a paper.
// fault.NotFound when the class is missing.
func (s *Service) ClassPeople(ctx context.Context, classID int64) ([]int64, error) {
	bs, err := s.Batches(ctx, classID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []int64
	for _, b := range bs {
		ids, err := s.batchPeople(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}
