import { Alert, App, Button, Card, Form, Input, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../api/client';
import { useBundles } from '../api/joint';
import { useOpenStage, useProject } from '../api/projects';
import { DynamicFields } from '../components/DynamicForm';

/** 阶段申报: one form for the stage's items; 容缺 commitment when the previous stage is still under way. */
export function StageApplyPage({ back }: { back: string }) {
  const params = useParams();
  const projectId = Number(params.projectId);
  const stageNo = Number(params.stageNo);
  const { data: project, isLoading } = useProject(projectId);
  const { data: stages } = useBundles('stage');
  const open = useOpenStage(projectId);
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (isLoading || !stages) return <Skeleton active />;
  const bundle = stages.find((b) => b.stageNo === stageNo);
  const stage = project?.project.stages.find((s) => s.stageNo === stageNo);
  if (!project || !bundle || !stage) return <Alert type="error" message="项目或阶段不存在" />;
  const previous = project.project.stages.find((s) => s.stageNo === stageNo - 1);
  const needsCommitment = previous !== undefined && previous.status !== 'completed';
  return (
    <Card title={`${project.project.name}：第 ${stageNo} 阶段 ${stage.name}`}>
      {needsCommitment && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="上一阶段尚未办结：可提交容缺承诺并联推进" />}
      <Form
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{ projectName: project.project.name, projectCode: project.project.code, projectAddress: project.project.location }}
        onFinish={async ({ commitment, ...values }: Record<string, unknown>) => {
          const formData = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
          try {
            await open.mutateAsync({ stageNo, formData, commitment: (commitment as string | undefined) || undefined });
            message.success('已申报，等待窗口受理');
            navigate(back);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <DynamicFields fields={bundle.formFields as Parameters<typeof DynamicFields>[0]['fields']} />
        {needsCommitment && (
          <Form.Item name="commitment" label="容缺承诺" rules={[{ required: true, min: 10, message: '请填写承诺内容（至少 10 字）' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          一次提交
        </Button>
      </Form>
    </Card>
  );
}
