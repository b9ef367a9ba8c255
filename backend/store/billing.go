package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Tier is a plan: what it allows each month (nil: unlimited), its features
// and its price.
type Tier struct {
	ID             string
	Name           string
	Conversations  *int // monthly AI conversations
	Minutes        *int // monthly AI minutes
	AdvancedVoices bool
	Analytics      bool
	PriceCents     int
	Currency       string
	// KaiwaAIModel is the model Kaiwa AI runs for this tier; "" when the
	// tier does not include Kaiwa AI.
	KaiwaAIModel string
}

const tierColumns = `id, name, monthly_conversation_limit, monthly_minutes_limit, advanced_voices, analytics, monthly_price_cents, currency, kaiwa_ai_model`

func scanTier(row interface{ Scan(...any) error }) (Tier, error) {
	var t Tier
	var conv, mins sql.NullInt64
	err := row.Scan(&t.ID, &t.Name, &conv, &mins, &t.AdvancedVoices, &t.Analytics, &t.PriceCents, &t.Currency, &t.KaiwaAIModel)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if conv.Valid {
		n := int(conv.Int64)
		t.Conversations = &n
	}
	if mins.Valid {
		n := int(mins.Int64)
		t.Minutes = &n
	}
	return t, err
}

// Tier returns one plan.
func (s *Store) Tier(ctx context.Context, id string) (Tier, error) {
	return scanTier(s.DB.QueryRowContext(ctx, `SELECT `+tierColumns+` FROM tiers WHERE id = ?`, id))
}

// Tiers lists the plans on offer, cheapest first.
func (s *Store) Tiers(ctx context.Context) ([]Tier, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+tierColumns+` FROM tiers WHERE is_active = 1 ORDER BY sort_order`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tier
	for rows.Next() {
		t, err := scanTier(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Subscription is a licence activated on this computer for a learner. The
// key itself is in the OS keyring, never here.
type Subscription struct {
	ID                 string
	UserID             string
	Tier               string
	Provider           string
	LicenseID          string // the provider's id of the licence key
	InstanceID         string // this computer's activation; "" once deactivated
	Status             string
	PeriodStart        *time.Time
	PeriodEnd          *time.Time
	LastValidated      time.Time // zero: never
	CreatedAt, Updated time.Time
}

const subscriptionColumns = `id, user_id, tier_id, provider, provider_licence_id, ifnull(provider_instance_id, ''),
	status, current_period_start, current_period_end, last_validated_at, created_at, updated_at`

// ActiveSubscription returns the learner's licence activated on this
// computer, or ErrNotFound.
func (s *Store) ActiveSubscription(ctx context.Context, userID string) (Subscription, error) {
	return s.subscription(ctx, `user_id = ? AND provider_instance_id IS NOT NULL ORDER BY updated_at DESC LIMIT 1`, userID)
}

// SubscriptionByLicense returns the subscription of a provider's licence.
func (s *Store) SubscriptionByLicense(ctx context.Context, provider, licenseID string) (Subscription, error) {
	return s.subscription(ctx, `provider = ? AND provider_licence_id = ?`, provider, licenseID)
}

func (s *Store) subscription(ctx context.Context, where string, args ...any) (Subscription, error) {
	var sub Subscription
	var start, end, validated sql.NullString
	var created, updated string
	err := s.DB.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE `+where, args...).Scan(
		&sub.ID, &sub.UserID, &sub.Tier, &sub.Provider, &sub.LicenseID, &sub.InstanceID,
		&sub.Status, &start, &end, &validated, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, ErrNotFound
	}
	if err != nil {
		return sub, err
	}
	sub.PeriodStart, sub.PeriodEnd = parseNullTime(start), parseNullTime(end)
	if t := parseNullTime(validated); t != nil {
		sub.LastValidated = *t
	}
	sub.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	sub.Updated, _ = time.Parse(time.RFC3339Nano, updated)
	return sub, nil
}

func parseNullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return nil
	}
	return &t
}

func nullStamp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return stamp(*t)
}

// Payment is an order paid through the provider's checkout.
type Payment struct {
	OrderID     string
	AmountCents int
	Currency    string
	Status      string // paid, refunded, pending or failed
}

// SaveSubscription records an activated licence (a new one, or the same
// licence activated again) and the payment of its order, in one transaction.
// The order is recorded once however often the licence is activated.
func (s *Store) SaveSubscription(ctx context.Context, sub Subscription, pay Payment) (Subscription, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return sub, err
	}
	defer tx.Rollback()
	now := s.now()
	if sub.ID == "" {
		sub.ID = uuid.NewString()
	}
	var validated any
	if !sub.LastValidated.IsZero() {
		validated = stamp(sub.LastValidated)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO subscriptions (id, user_id, tier_id, provider, provider_licence_id,
		provider_instance_id, status, current_period_start, current_period_end, last_validated_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?)
		ON CONFLICT (provider, provider_licence_id) DO UPDATE SET user_id = excluded.user_id, tier_id = excluded.tier_id,
			provider_instance_id = excluded.provider_instance_id, status = excluded.status,
			current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
			last_validated_at = excluded.last_validated_at, updated_at = excluded.updated_at
		RETURNING id`,
		sub.ID, sub.UserID, sub.Tier, sub.Provider, sub.LicenseID, sub.InstanceID, sub.Status,
		nullStamp(sub.PeriodStart), nullStamp(sub.PeriodEnd), validated, stamp(now), stamp(now)).Scan(&sub.ID)
	if err != nil {
		return sub, err
	}
	if pay.OrderID != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (id, user_id, subscription_id, provider_order_id, amount_cents, currency, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider_order_id) DO NOTHING`,
			uuid.NewString(), sub.UserID, sub.ID, pay.OrderID, pay.AmountCents, pay.Currency, pay.Status, stamp(now)); err != nil {
			return sub, err
		}
	}
	if err := tx.Commit(); err != nil {
		return sub, err
	}
	return s.subscription(ctx, `id = ?`, sub.ID)
}

// ValidatedSubscription records the provider's answer at a validation: the
// licence's status and period end.
func (s *Store) ValidatedSubscription(ctx context.Context, id, status string, periodEnd *time.Time, at time.Time) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE subscriptions SET status = ?, current_period_end = ?, last_validated_at = ?, updated_at = ?
		WHERE id = ?`, status, nullStamp(periodEnd), stamp(at), stamp(s.now()), id)
	return err
}

// EndActivation records that the licence no longer runs on this computer.
func (s *Store) EndActivation(ctx context.Context, id string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE subscriptions SET provider_instance_id = NULL, status = 'inactive', updated_at = ? WHERE id = ?`,
		stamp(s.now()), id)
	return err
}

// Payments lists a learner's recorded payments, oldest first.
func (s *Store) Payments(ctx context.Context, userID string) ([]Payment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT provider_order_id, amount_cents, currency, status FROM payments WHERE user_id = ? ORDER BY created_at`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		if err := rows.Scan(&p.OrderID, &p.AmountCents, &p.Currency, &p.Status); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
