// The settings page of the `/api/billing/portal` document (BillingSettings and
// ManageBillingButton), as plain DOM code. It calls Bursar directly: Bursar serves the
// document's endpoints and answers this page's origin with CORS.

// The app's session. In a real app this is the signed-in user's token from your auth
// server; this example's server hands out the one it was started with.
const session = await (await fetch('/session.json')).json();
const getToken = () => session.token;
const api = (path) => new URL(path, session.apiBase).href;

/** GET /api/billing/subscription: `{ success, data: { subscription } }`, `subscription` null without one. */
async function useSubscription() {
  const response = await fetch(api('/api/billing/subscription'), { headers: { Authorization: `Bearer ${getToken()}` } });
  const { data, error } = await response.json();
  if (error) throw new Error(error.message);
  return data;
}

function ManageBillingButton() {
  const button = el('button', { className: 'btn btn-primary', type: 'button' }, 'Manage Billing');
  const openPortal = async () => {
    button.disabled = true;
    button.textContent = 'Loading...';
    try {
      const response = await fetch(api('/api/billing/portal'), {
        method: 'POST',
        headers: {
          'Authorization': `Bearer ${getToken()}`,
          'Content-Type': 'application/json'
        },
        body: JSON.stringify({
          returnUrl: window.location.href
        })
      });
      const { data, error } = await response.json();
      if (error) {
        throw new Error(error.message);
      }
      // Redirect to the portal
      window.location.href = data.url;
    } catch (err) {
      console.error('Failed to open portal:', err);
      alert('Failed to open billing portal. Please try again.');
    } finally {
      button.disabled = false;
      button.textContent = 'Manage Billing';
    }
  };
  button.addEventListener('click', openPortal);
  return button;
}

function BillingSettings({ subscription }) {
  const active = subscription?.status === 'active';
  return el('div', { className: 'billing-settings' },
    el('h2', {}, 'Billing'),
    el('section', { className: 'current-plan' },
      el('h3', {}, 'Current Plan'),
      el('p', {}, subscription?.plan?.name || 'Free'),
      active ? el('p', {}, `Renews on ${new Date(subscription.currentPeriodEnd).toLocaleDateString()}`) : null,
    ),
    el('section', { className: 'actions' },
      ...(active
        ? [ManageBillingButton(), el('p', { className: 'text-sm text-gray-500' }, 'Manage payment methods, view invoices, and update your subscription.')]
        // The document's UpgradeButton (a checkout) is not part of it; this example has none.
        : [el('p', {}, 'You have no active subscription.')]),
    ),
  );
}

function el(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null));
  return node;
}

const root = document.getElementById('billing-settings');
try {
  root.replaceChildren(BillingSettings(await useSubscription()));
} catch (err) {
  console.error('Failed to load the subscription:', err);
  root.replaceChildren(el('h2', {}, 'Billing'), el('p', { role: 'alert' }, 'Could not load your subscription. Please try again later.'));
}
