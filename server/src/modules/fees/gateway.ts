import crypto from 'node:crypto';

/**
 * A payment gateway (统一公共支付平台, a bank, 微信/支付宝 through an acquirer): the platform asks it
 * to collect a notice's amount and hears back, signed, whether it was paid. Chosen by
 * configuration; the local simulator stands in for the demo and the tests.
 */
export interface PaymentGateway {
  readonly name: string;
  /** Shown to the payer: which channel they are paying through. */
  readonly label: string;
  /** Where the payer's browser goes to pay this attempt. */
  start(payment: GatewayPayment): Promise<{ redirectUrl: string }>;
  /**
   * Reads a notification the gateway sent (its callback), checking that the gateway signed it;
   * null for a notification that is not genuine.
   */
  verifyNotification(body: unknown): GatewayNotification | null;
}

export interface GatewayPayment {
  paymentId: string;
  noticeNumber: string;
  paymentCode: string;
  amountFen: number;
}

export interface GatewayNotification {
  paymentId: string;
  status: 'succeeded' | 'failed';
  gatewayTxn: string;
  amountFen: number;
}

/**
 * 模拟支付: a pay page of the platform's own (/pay/simulator/:paymentId) where the payer confirms
 * or cancels; the "bank" then signs its notification with a key of this process (HMAC-SHA256),
 * exactly as a real gateway signs its callbacks, and the platform verifies it the same way.
 */
export class SimulatorGateway implements PaymentGateway {
  readonly name = 'simulator';
  readonly label = '模拟支付（演示环境，不产生真实扣款）';
  private readonly key = crypto.randomBytes(32);

  async start(payment: GatewayPayment): Promise<{ redirectUrl: string }> {
    return { redirectUrl: `/pay/simulator/${payment.paymentId}` };
  }

  /** What the simulated bank sends once the payer clicked: signed. */
  notify(payment: { paymentId: string; amountFen: number }, status: 'succeeded' | 'failed'): Record<string, string | number> {
    const body = { paymentId: payment.paymentId, status, amountFen: payment.amountFen, gatewayTxn: `SIM${Date.now()}${crypto.randomInt(1000, 9999)}` };
    return { ...body, signature: this.sign(body) };
  }

  verifyNotification(body: unknown): GatewayNotification | null {
    if (typeof body !== 'object' || body === null) return null;
    const { signature, ...rest } = body as Record<string, unknown>;
    const { paymentId, status, amountFen, gatewayTxn } = rest;
    if (typeof paymentId !== 'string' || (status !== 'succeeded' && status !== 'failed') || typeof amountFen !== 'number' || typeof gatewayTxn !== 'string') return null;
    if (typeof signature !== 'string') return null;
    const expected = Buffer.from(this.sign({ paymentId, status, amountFen, gatewayTxn }), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    return { paymentId, status, amountFen, gatewayTxn };
  }

  private sign(body: { paymentId: string; status: string; amountFen: number; gatewayTxn: string }): string {
    return crypto.createHmac('sha256', this.key).update(`${body.paymentId}|${body.status}|${body.amountFen}|${body.gatewayTxn}`).digest('hex');
  }
}
