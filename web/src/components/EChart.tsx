import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts the supervision pages draw: keeps the bundle small.
echarts.use([BarChart, LineChart, PieChart, GaugeChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts instance bound to a div: the option replaces the last one (merge off, so a row that
 * disappears leaves the chart), it follows its box's size, and a click on a data item is reported.
 */
export function EChart({
  option,
  height,
  theme,
  onItemClick,
  testId,
}: {
  option: EChartOption;
  height: number | string;
  theme?: 'dark';
  onItemClick?: (params: { name: string; dataIndex: number; seriesName?: string }) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, theme);
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as { name: string; dataIndex: number; seriesName?: string }));
    // The box, not the window, decides: a tab that becomes visible or a grid cell that grows.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option, theme]);
  return <div ref={ref} data-testid={testId} style={{ height, width: '100%' }} />;
}
