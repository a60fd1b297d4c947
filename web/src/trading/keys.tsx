import { Alert, Button, Space, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { TCertificates } from '../../../server/src/modules/trading/schema';
import { generateKeyPair, type KeyPair } from '../../../server/src/modules/trading/sm-crypto';
import { api, errorMessage } from '../api/client';
import { useMe } from '../api/auth';
import { useTrading } from '../api/trading';

/**
 * The browser's stand-in for a CA lock (USB key): the SM2 private key stays in this browser's
 * storage; only the public key goes to the server's CA.
 */
const storageKey = (username: string) => `onewindow.trading.key.${username}`;

export function storedKey(username: string | undefined): KeyPair | null {
  if (!username) return null;
  const text = localStorage.getItem(storageKey(username));
  return text ? (JSON.parse(text) as KeyPair) : null;
}

/** Shows the user's certificate and makes a new key pair + certificate on request. */
export function CertificatePanel() {
  const { data: me } = useMe();
  const client = useQueryClient();
  const { data } = useTrading<TCertificates>(['certificates'], '/api/trading/certificates/mine');
  const key = storedKey(me?.username);
  const current = data?.certificates.find((c) => !c.revokedAt && new Date(c.notAfter) > new Date());
  const usable = Boolean(key && current && current.publicKey === key.publicKey);
  async function apply() {
    try {
      const pair = generateKeyPair();
      await api.post('/api/trading/certificates', { publicKey: pair.publicKey });
      localStorage.setItem(storageKey(me!.username), JSON.stringify(pair));
      await client.invalidateQueries({ queryKey: ['trading'] });
      message.success('数字证书已签发，私钥保存在本浏览器');
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  return (
    <Alert
      type={usable ? 'success' : 'warning'}
      data-testid="certificate-panel"
      title={
        <Space wrap>
          <Typography.Text>{usable ? `数字证书 ${current!.serial}（${current!.subject}）有效期至 ${current!.notAfter.slice(0, 10)}，私钥在本浏览器` : '本浏览器没有可用的数字证书私钥'}</Typography.Text>
          {!usable && <Button onClick={apply}>生成密钥并申请证书</Button>}
        </Space>
      }
    />
  );
}
