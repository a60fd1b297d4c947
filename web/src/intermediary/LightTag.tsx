import { Tag } from 'antd';
import { LIGHT, type Contract } from '../api/intermediary';

/** The service clock's light, in words as well as colour. */
export function LightTag({ light }: { light: Contract['light'] }) {
  return <Tag color={LIGHT[light].color}>{LIGHT[light].text}</Tag>;
}
