// A local server that imitates Lemon Squeezy's public License API
// (POST /v1/licenses/activate|validate|deactivate, form-encoded, JSON
// answers), for browser tests: the app under test is pointed at it through
// KAIWA_BILLING_API_URL. A key's first word says how it behaves:
//   PRO-… and PREMIUM-…  active keys for the store's Pro and Premium variants
//   OTHER-…              a key from another store
//   LIMIT-…              activation limit reached
//   DOWN-…               500 on every call
//   anything else        unknown key (404)
// setStatus(key, 'expired' | 'disabled') changes an issued key later.
import { createServer } from 'node:http';

export const STORE_ID = 4242;
export const PRODUCT_ID = 5151;
export const VARIANTS = { pro: 1001, premium: 1002 };
export const VARIANTS_ENV = `${VARIANTS.pro}=pro,${VARIANTS.premium}=premium`;

export async function startFakeBilling() {
  const requests = [];
  const status = new Map(); // key → status, once issued
  let instances = 0;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += part;
    const form = new URLSearchParams(body);
    const op = req.url?.replace('/v1/licenses/', '') ?? '';
    const key = form.get('license_key') ?? '';
    requests.push({ op, key, instanceId: form.get('instance_id'), instanceName: form.get('instance_name'), contentType: req.headers['content-type'] });
    const send = (code, answer) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    const flag = { activate: 'activated', validate: 'valid', deactivate: 'deactivated' }[op];
    if (req.method !== 'POST' || !flag) return send(404, { error: 'Not found' });
    const kind = key.split('-')[0];
    if (kind === 'DOWN') return send(500, { error: 'Server error' });
    if (kind === 'LIMIT' && op === 'activate') return send(400, { [flag]: false, error: 'This license key has reached the activation limit.', license_key: null, meta: null });
    if (!['PRO', 'PREMIUM', 'OTHER'].includes(kind)) return send(404, { [flag]: false, error: 'license_key not found.', license_key: null, meta: null });

    if (!status.has(key)) status.set(key, 'active');
    const s = status.get(key);
    const licenseKey = { id: 100 + [...status.keys()].indexOf(key), status: s, key, activation_limit: 1, activation_usage: 1,
      created_at: '2026-01-01T00:00:00.000000Z', expires_at: null };
    const meta = { store_id: kind === 'OTHER' ? 9999 : STORE_ID, order_id: 7000 + licenseKey.id, order_item_id: 1,
      product_id: PRODUCT_ID, product_name: 'Kaiwa', variant_id: kind === 'PREMIUM' ? VARIANTS.premium : VARIANTS.pro,
      variant_name: kind === 'PREMIUM' ? 'Premium' : 'Pro', customer_id: 1, customer_name: 'Aiko', customer_email: 'aiko@example.com' };
    const instance = { id: form.get('instance_id') || `instance-${++instances}`, name: form.get('instance_name') ?? 'Kaiwa', created_at: '2026-01-02T00:00:00.000000Z' };
    if (s !== 'active') {
      return send(op === 'activate' ? 400 : 200, { [flag]: false, error: `This license key is ${s}.`, license_key: licenseKey, instance: null, meta });
    }
    send(200, { [flag]: true, error: null, license_key: licenseKey, instance: op === 'deactivate' ? undefined : instance, meta });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** @param {string} key @param {'active' | 'expired' | 'disabled'} s */
    setStatus(key, s) {
      status.set(key, s);
    },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/** The store's hosted pages, as a release build knows them. */
export const CHECKOUT = {
  pro: 'https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000001',
  premium: 'https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000002',
};
export const PORTAL = 'https://kaiwa.lemonsqueezy.com/billing';

/** The environment that points Kaiwa at the fake: a dev build's stand-in for the store built in. */
export const billingEnv = (fake) => ({
  KAIWA_BILLING_API_URL: fake.url,
  KAIWA_BILLING_STORE_ID: String(STORE_ID),
  KAIWA_BILLING_PRODUCT_ID: String(PRODUCT_ID),
  KAIWA_BILLING_VARIANTS: VARIANTS_ENV,
  KAIWA_BILLING_CHECKOUT: `pro=${CHECKOUT.pro},premium=${CHECKOUT.premium}`,
  KAIWA_BILLING_PORTAL: PORTAL,
});
