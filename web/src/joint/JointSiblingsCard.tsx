import { App, Button, Card, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { useCaseJoint, useDepartmentCorrection } from '../api/joint';
import { LightTag } from '../components/StatusTag';

/**
 * On a department's child case: the joint application it belongs to, with the other departments'
 * status only, and the correction that joins the applicant's one merged notice.
 */
export function JointSiblingsCard({ caseId, open }: { caseId: string; open: boolean }) {
  const { data } = useCaseJoint(caseId, true);
  const correction = useDepartmentCorrection(caseId);
  const { message } = App.useApp();
  const [dialog, setDialog] = useState(false);
  const [text, setText] = useState('');
  if (!data) return null;
  return (
    <Card
      size="small"
      data-testid="joint-siblings"
      title={
        <span>
          联办件 {data.number}（{data.bundleName}） <LightTag light={data.light} workdaysLeft={null} />
        </span>
      }
      extra={
        open && (
          <Button size="small" onClick={() => setDialog(true)}>
            补正（并入统一告知）
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        本件为联办子办件：各部门并联审批，联办承诺办结日期 {data.dueDate ?? '—'}。其他部门的办件仅显示办理状态。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => `${r.departmentName}-${r.itemName}`}
        pagination={false}
        dataSource={data.siblings}
        columns={[
          { title: '部门', dataIndex: 'departmentName', render: (v: string, r) => <>{v}{r.own && <Tag color="blue" style={{ marginLeft: 4 }}>本部门</Tag>}</> },
          { title: '事项', dataIndex: 'itemName' },
          { title: '状态', dataIndex: 'statusLabel' },
          { title: '时钟', render: (_, r) => <LightTag light={r.light} workdaysLeft={r.workdaysLeft} /> },
        ]}
      />
      <Modal
        open={dialog}
        title="需申请人补正的内容（每行一项；与其他部门的补正合并为一份告知）"
        confirmLoading={correction.isPending}
        onCancel={() => setDialog(false)}
        onOk={() =>
          correction.mutate(
            text.split('\n').map((l) => l.trim()).filter(Boolean),
            { onSuccess: () => { setDialog(false); setText(''); message.success('已并入联办件补正告知，本件计时中止'); }, onError: (e) => message.error(errorMessage(e)) },
          )
        }
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </Card>
  );
}
