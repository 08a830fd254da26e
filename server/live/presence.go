package live

import (
	"context"
	"fmt"
	"time"
)

// Presence is a shared map of short-lived entries, one per field (for
// example one per server instance), each written with the time it was
// written so readers can ignore entries whose writer has gone away.
// A whole map expires ttl after its last write.

// PutField sets field of the map name to value and extends the map's life to ttl.
func (c *Client) PutField(ctx context.Context, name, field string, value []byte, ttl time.Duration) error {
	k := c.key("map", name)
	pipe := c.rdb.TxPipeline()
	pipe.HSet(ctx, k, field, value)
	if ttl > 0 {
		pipe.PExpire(ctx, k, ttl)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("live: put %s[%s]: %w", name, field, err)
	}
	return nil
}

// Fields returns every field of the map name (empty when it does not exist).
func (c *Client) Fields(ctx context.Context, name string) (map[string][]byte, error) {
	m, err := c.rdb.HGetAll(ctx, c.key("map", name)).Result()
	if err != nil {
		return nil, fmt.Errorf("live: fields of %s: %w", name, err)
	}
	out := make(map[string][]byte, len(m))
	for f, v := range m {
		out[f] = []byte(v)
	}
	return out, nil
}

// DeleteField removes one field of the map name.
func (c *Client) DeleteField(ctx context.Context, name, field string) error {
	if err := c.rdb.HDel(ctx, c.key("map", name), field).Err(); err != nil {
		return fmt.Errorf("live: delete %s[%s]: %w", name, field, err)
	}
	return nil
}
