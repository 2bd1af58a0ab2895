// SPDX-License-Identifier: MIT
#include "engine/executionmodel.h"
#include "engine/models/asynciomodel.h"
#include "engine/models/gilmodel.h"
#include "engine/models/processesmodel.h"
#include "engine/models/processpoolmodel.h"
#include "engine/models/serialmodel.h"
#include "engine/models/threadpoolmodel.h"
#include "engine/models/threadsmodel.h"

namespace corescope {

ModelRegistry::ModelRegistry()
{
    m_models.push_back(std::make_unique<SerialModel>());
    m_models.push_back(std::make_unique<ThreadsModel>());
    m_models.push_back(std::make_unique<GilModel>());
    m_models.push_back(std::make_unique<ProcessesModel>());
    m_models.push_back(std::make_unique<ThreadPoolModel>());
    m_models.push_back(std::make_unique<ProcessPoolModel>());
    m_models.push_back(std::make_unique<AsyncioModel>());
}

const ModelRegistry &ModelRegistry::instance()
{
    static const ModelRegistry registry;
    return registry;
}

const ExecutionModel *ModelRegistry::find(std::string_view name) const
{
    for (const auto &model : m_models) {
        if (model->name() == name)
            return model.get();
    }
    return nullptr;
}

bool isBaselineModel(std::string_view name)
{
    const ExecutionModel *model = ModelRegistry::instance().find(name);
    return model && model->isBaseline();
}

} // namespace corescope
