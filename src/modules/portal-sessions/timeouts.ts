/** How long a portal session lasts (from its creation) and how long it may sit idle, in seconds. */
export interface PortalTimeouts {
  lifetime: number;
  idle: number;
}

export const DEFAULT_PORTAL_TIMEOUTS: PortalTimeouts = { lifetime: 60 * 60, idle: 30 * 60 };
