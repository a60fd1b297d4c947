import { Alert, App, Button, Input, Modal, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { useCheckCommitment, usePendingCommitments, type TPendingCommitment } from '../api/licence-admin';

/** 告知承诺核查: commitments signed in place of a material, flagged until the department checks them. */
export function CommitmentsTab({ casePath }: { casePath: string }) {
  const { data, isLoading, error } = usePendingCommitments();
  const check = useCheckCommitment();
  const { message } = App.useApp();
  const [checking, setChecking] = useState<TPendingCommitment | null>(null);
  const [result, setResult] = useState<'confirmed' | 'false'>('confirmed');
  const [note, setNote] = useState('');
  const submit = () => {
    if (!checking) return;
    check.mutate(
      { id: checking.id, result, note },
      {
        onSuccess: () => {
          message.success(result === 'confirmed' ? '已核查：承诺属实' : '已核查：承诺不实，已留痕');
          setChecking(null);
        },
        onError: (e) => message.error(errorMessage(e)),
      },
    );
  };
  return (
    <>
      <Typography.Paragraph type="secondary">
        申请人以书面承诺代替证明材料（证明事项告知承诺制）的，须在办结后核查。核查不实的，依法处理并记入信用记录。
      </Typography.Paragraph>
      {error && <Alert type="error" message={error.message} />}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        locale={{ emptyText: '没有待核查的承诺' }}
        columns={[
          { title: '申请编号', render: (_, c) => <Link to={`${casePath}/${c.caseId}`}>{c.caseNumber}</Link> },
          { title: '事项', dataIndex: 'itemName' },
          { title: '承诺替代的材料', dataIndex: 'materialName' },
          { title: '承诺内容', dataIndex: 'statement', ellipsis: true },
          { title: '承诺时间', dataIndex: 'signedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
          {
            title: '',
            render: (_, c) => (
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setChecking(c);
                  setResult('confirmed');
                  setNote('');
                }}
              >
                核查
              </Button>
            ),
          },
        ]}
      />
      <Modal open={checking !== null} title={`核查承诺：${checking?.materialName ?? ''}`} okText="记录核查结果" okButtonProps={{ disabled: note.trim().length < 2, loading: check.isPending }} onOk={submit} onCancel={() => setChecking(null)}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{checking?.statement}</Typography.Text>
          <Radio.Group value={result} onChange={(e) => setResult(e.target.value)}>
            <Radio value="confirmed">属实</Radio>
            <Radio value="false">不实</Radio>
          </Radio.Group>
          <Input.TextArea rows={3} value={note} maxLength={1000} placeholder="核查方式与结果（如：经共享平台核验，与承诺一致）" onChange={(e) => setNote(e.target.value)} />
        </Space>
      </Modal>
    </>
  );
}
