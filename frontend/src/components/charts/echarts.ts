// ECharts with only what the chart pages draw (bars, lines, pies, radars),
// so the chart pages load a fraction of the full library and every other
// page none of it (this module is reached only from lazily loaded pages).
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent, MarkLineComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, PieChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export type ECharts = echarts.ECharts
export const { init, getInstanceByDom } = echarts
export { echarts }
