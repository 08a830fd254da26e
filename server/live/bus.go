package live

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// subscribeTimeout bounds the SUBSCRIBE handshake when ctx has no deadline.
const subscribeTimeout = 5 * time.Second

// Message is one event received from the bus.
type Message struct {
	Topic   string // as given to Publish, without the key prefix
	Payload []byte // owned by the receiver
}

// Publish sends payload to every Subscription on topic, on any Client that
// shares this Client's Redis and prefix. It returns once Redis has accepted
// the message and never waits for subscribers to read it. Delivery is
// at-most-once: subscribers that are disconnected, or too slow (see
// Subscribe), miss it. Commit state first, then publish.
func (c *Client) Publish(ctx context.Context, topic string, payload []byte) error {
	if err := c.rdb.Publish(ctx, c.key("bus", topic), payload).Err(); err != nil {
		return fmt.Errorf("live: publish %q: %w", topic, err)
	}
	return nil
}

// Subscribe listens on one or more topics over a dedicated Redis connection.
// It returns once Redis has confirmed every topic, so messages published
// after Subscribe returns are delivered in the order Redis received them.
// ctx bounds that handshake only; the Subscription lasts until its Close or
// the Client's Close.
//
// A slow consumer never blocks publishers or other subscribers: a goroutine
// drains the Redis connection continuously into C's buffer (see
// WithSubscriptionBuffer). When the buffer is full the incoming message is
// dropped, Dropped counts it and a warning is logged at 1, 2, 4, 8, ...
// drops. Consumers that need every message number them with NextSeq and
// resync from stored state when they see a gap. go-redis reconnects and
// resubscribes on connection loss; messages published meanwhile are lost.
//
// Subscribe fails if no topic is given, the Client is closed, or Redis does
// not confirm in time.
func (c *Client) Subscribe(ctx context.Context, topics ...string) (*Subscription, error) {
	if len(topics) == 0 {
		return nil, errors.New("live: subscribe: no topics")
	}
	channels := make([]string, len(topics))
	for i, t := range topics {
		channels[i] = c.key("bus", t)
	}
	ps := c.rdb.Subscribe(ctx) // no channels yet: go-redis would drop the error
	if err := ps.Subscribe(ctx, channels...); err != nil {
		_ = ps.Close()
		return nil, fmt.Errorf("live: subscribe %q: %w", topics, err)
	}

	// Wait for one confirmation per channel. A message on an already
	// confirmed channel may arrive first; keep it for delivery.
	var early []*redis.Message
	for confirmed := 0; confirmed < len(channels); {
		msg, err := ps.ReceiveTimeout(ctx, subscribeTimeout)
		if err != nil {
			_ = ps.Close()
			return nil, fmt.Errorf("live: subscribe %q: %w", topics, err)
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			confirmed++
		case *redis.Message:
			early = append(early, m)
		}
	}

	s := &Subscription{
		client: c,
		ps:     ps,
		ch:     make(chan Message, c.subBuffer),
		done:   make(chan struct{}),
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		_ = ps.Close()
		return nil, fmt.Errorf("live: subscribe %q: %w", topics, redis.ErrClosed)
	}
	c.subs[s] = struct{}{}
	c.mu.Unlock()

	// go-redis' own channel is only a hand-off to forward; it stays nearly
	// empty because forward never blocks.
	in := ps.Channel(redis.WithChannelSize(64))
	c.guard.Go("live.subscription", func() { s.forward(early, in) })
	return s, nil
}

// Subscription is a live feed of messages for the topics given to Subscribe.
type Subscription struct {
	client  *Client
	ps      *redis.PubSub
	ch      chan Message
	done    chan struct{}
	dropped atomic.Uint64

	closeOnce sync.Once
	closeErr  error
}

// C returns the channel messages arrive on. It is closed after Close (of the
// Subscription or its Client); buffered messages can still be read then.
func (s *Subscription) C() <-chan Message { return s.ch }

// Dropped returns how many messages were discarded because C was full.
func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

// Close unsubscribes, waits for the delivery goroutine to stop and closes C.
// Calling it again returns the first call's result.
func (s *Subscription) Close() error {
	s.closeOnce.Do(func() {
		err := s.ps.Close()
		<-s.done
		s.client.mu.Lock()
		delete(s.client.subs, s)
		s.client.mu.Unlock()
		if err != nil {
			s.closeErr = fmt.Errorf("live: close subscription: %w", err)
		}
	})
	return s.closeErr
}

func (s *Subscription) forward(early []*redis.Message, in <-chan *redis.Message) {
	defer close(s.done)
	defer close(s.ch)
	for _, m := range early {
		s.deliver(m)
	}
	for m := range in {
		s.deliver(m)
	}
}

func (s *Subscription) deliver(m *redis.Message) {
	msg := Message{
		Topic:   strings.TrimPrefix(m.Channel, s.client.key("bus", "")),
		Payload: []byte(m.Payload),
	}
	select {
	case s.ch <- msg:
	default:
		n := s.dropped.Add(1)
		if bits.OnesCount64(n) == 1 { // powers of two: loud at first, then quieter
			s.client.logger.Warn("live: subscriber too slow, message dropped",
				"topic", msg.Topic, "dropped_total", n, "buffer", cap(s.ch))
		}
	}
}
