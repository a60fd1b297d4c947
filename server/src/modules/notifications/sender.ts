import { maskPhone } from '../../util/mask.js';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  /** Full phone number; only the sender sees it. */
  to: string;
  template: string;
  title: string;
  body: string;
}

/** How messages leave the platform; an SMS gateway or mail server plugs in here. */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

/** The default: writes one masked line per message to the log, sends nothing. */
export class LoggingSender implements MessageSender {
  constructor(private readonly log: (entry: object, message: string) => void) {}

  async send(message: OutgoingMessage): Promise<void> {
    this.log({ channel: message.channel, to: maskPhone(message.to), template: message.template }, 'message (logging sender)');
  }
}
