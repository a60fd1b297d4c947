import { Tag } from 'antd';
import type { CaseStatus, Light } from '../api/cases';

const STATUS_COLORS: Record<CaseStatus, string> = {
  submitted: 'blue',
  correction_required: 'orange',
  accepted: 'processing',
  refused: 'red',
  approved: 'green',
  denied: 'volcano',
  completed: 'success',
  withdrawn: 'default',
};

export function StatusTag({ status, label }: { status: CaseStatus; label: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {label}
    </Tag>
  );
}

const LIGHTS: Record<Light, { color: string; label: string }> = {
  green: { color: 'green', label: '绿灯 正常' },
  yellow: { color: 'gold', label: '黄灯 预警' },
  red: { color: 'red', label: '红灯 超期' },
  grey: { color: 'default', label: '暂停计时' },
};

/** 红黄绿灯 of the legal clock, with working days left. */
export function LightTag({ light, workdaysLeft }: { light: Light | null; workdaysLeft: number | null }) {
  if (!light) return null;
  const { color, label } = LIGHTS[light];
  const left =
    light === 'grey' || workdaysLeft === null ? '' : workdaysLeft < 0 ? `，超期 ${-workdaysLeft} 个工作日` : `，剩 ${workdaysLeft} 个工作日`;
  return (
    <Tag color={color} data-testid="case-light">
      {label}
      {left}
    </Tag>
  );
}

const ACCEPTANCE_LIGHTS = { green: { color: 'green', label: '受理时限正常' }, yellow: { color: 'gold', label: '受理时限临近' }, red: { color: 'red', label: '今日须答复' } } as const;

/**
 * 受理时限 (行政许可法第三十二条) of an application waiting for acceptance: five working days to
 * accept, refuse or send the one-time correction notice, or it counts as accepted from receipt.
 */
export function AcceptanceLightTag({ light, workdaysLeft, dueDate }: { light: 'green' | 'yellow' | 'red' | null; workdaysLeft: number | null; dueDate: string | null }) {
  if (!light) return null;
  const { color, label } = ACCEPTANCE_LIGHTS[light];
  const text =
    workdaysLeft === null ? label : workdaysLeft < 0 ? '已逾五个工作日，即将依法视为受理' : workdaysLeft === 0 ? `${label}（${dueDate ?? ''} 前未答复即依法视为受理）` : `${label}，剩 ${workdaysLeft} 个工作日`;
  return (
    <Tag color={color} data-testid="acceptance-light">
      {text}
    </Tag>
  );
}

const DELIVERY_LIGHTS = { green: { color: 'green', label: '送达期限正常' }, yellow: { color: 'gold', label: '送达期限临近' }, red: { color: 'red', label: '已超送达期限' } } as const;

/**
 * 送达期限 (行政许可法第四十四条) of a granted licence at the issuance desk: issued and delivered
 * within ten working days of the decision. Yellow with two working days left, red once past.
 */
export function DeliveryLightTag({ light, workdaysLeft }: { light: 'green' | 'yellow' | 'red' | null; workdaysLeft: number | null }) {
  if (!light) return null;
  const { color, label } = DELIVERY_LIGHTS[light];
  const left = workdaysLeft === null ? '' : workdaysLeft < 0 ? `，超期 ${-workdaysLeft} 个工作日` : workdaysLeft === 0 ? '，今日须送达' : `，剩 ${workdaysLeft} 个工作日`;
  return (
    <Tag color={color} data-testid="delivery-light">
      {label}
      {left}
    </Tag>
  );
}
