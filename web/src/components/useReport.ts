import { App } from 'antd';
import { errorMessage } from '../api/client';

/**
 * Runs an action and tells the person how it went: the words of success, or the server's refusal
 * as it is (it names the rule). Answers whether it went through, so a dialog closes only then.
 */
export function useReport() {
  const { message } = App.useApp();
  return async (action: Promise<unknown> | (() => Promise<unknown>), done: string): Promise<boolean> => {
    try {
      await (typeof action === 'function' ? action() : action);
      message.success(done);
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    }
  };
}
